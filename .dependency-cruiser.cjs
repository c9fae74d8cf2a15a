// Architecture rules that CI keeps (`npm run arch`, which `npm test` runs before the tests). Each
// service and package has the same shape (README, "Layout"): a `domain/` free of frameworks, use
// cases that know ports and not their implementations, features that meet only through what they
// export, and apps that never import one another.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'A cycle between files ties them into one unit: untangle it (move the shared part down).',
      from: { path: '^(apps|packages)/' },
      to: { circular: true },
    },
    {
      name: 'domain-without-frameworks',
      severity: 'error',
      comment:
        'domain/ holds the rules in plain TypeScript: no Nest, mongoose, NATS or search client.',
      from: { path: '/src/.*domain/' },
      to: {
        path: '^node_modules/(@nestjs|mongoose|mongodb|nats|@opensearch-project|pino|keycloak-connect)/',
      },
    },
    {
      name: 'domain-below-usecases-and-infrastructure',
      severity: 'error',
      comment: 'domain/ is what use cases and infrastructure build on; it imports neither.',
      from: { path: '/src/.*domain/' },
      to: { path: '/(usecases|infrastructure)/' },
    },
    {
      name: 'usecases-know-ports-not-infrastructure',
      severity: 'error',
      comment:
        'A use case names its ports (usecases/ports.ts); the module binds them to infrastructure.',
      from: { path: '/usecases/' },
      to: { path: '/infrastructure/' },
    },
    {
      name: 'features-meet-through-their-modules',
      severity: 'error',
      comment:
        "A feature does not reach into another feature's infrastructure/: it imports that feature's module and the ports it exports.",
      from: { path: '^apps/([^/]+)/src/([^/]+)/' },
      to: { path: '^apps/$1/src/([^/]+)/infrastructure/', pathNot: '^apps/$1/src/$2/' },
    },
    {
      name: 'apps-do-not-import-apps',
      severity: 'error',
      comment: 'Services talk over NATS through packages/contracts, never by importing each other.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
  },
};
