'use strict';
// The charts, checked without a cluster: `helm lint --strict` and `helm template` of every chart
// alone and of the umbrella with a few value sets; every rendered manifest validated against the
// Kubernetes API schemas of pinned releases (kubernetes-validate, offline); and the rules of
// ./rules.js (probes, security context, NetworkPolicy egress, pinned images...). The last part
// renders value sets that break a rule each, and shows the check failing.

const {
  APP_CHARTS,
  UMBRELLA,
  KUBERNETES_VERSIONS,
  prepareCharts,
  template,
  lint,
  validate,
} = require('./helm');
const { problemsOf } = require('./rules');

const eachApp = (values) => Object.fromEntries(APP_CHARTS.map((app) => [app, values]));
const peer = (cidr, port) => ({
  to: [{ ipBlock: { cidr } }],
  ports: [{ port, protocol: 'TCP' }],
});

/** Servers outside the cluster: a NATS cluster, a MongoDB replica set, OpenSearch, Keycloak. */
const EXTERNAL = {
  global: {
    imageRegistry: 'registry.customs.example/opencen',
    imageTag: '0.1.0',
    imagePullSecrets: [{ name: 'registry-credentials' }],
    servers: {
      nats: {
        url: 'tls://nats-1.customs.example:4222,tls://nats-2.customs.example:4222,tls://nats-3.customs.example:4222',
        networkPolicy: peer('10.20.0.0/28', 4222),
      },
      mongodb: { networkPolicy: peer('10.20.1.0/28', 27017) },
      opensearch: {
        url: '',
        existingSecret: 'opencen-opensearch',
        indexPrefix: 'prod',
        networkPolicy: peer('10.20.2.0/28', 9200),
      },
      keycloak: {
        url: 'https://sso.customs.example',
        realm: 'opencen',
        networkPolicy: peer('10.20.3.10/32', 443),
      },
    },
  },
  // One OpenSearch user per service: its own Secret.
  cases: { servers: { opensearch: { existingSecret: 'opencen-cases-opensearch' } } },
};

const GOOD = {
  defaults: {},
  external: EXTERNAL,
  autoscaling: eachApp({ autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 12 } }),
  ingress: {
    gateway: {
      ingress: {
        enabled: true,
        className: 'nginx',
        host: 'cen.customs.example',
        tlsSecret: 'cen-tls',
      },
    },
    web: {
      ingress: {
        enabled: true,
        className: 'nginx',
        host: 'cen.customs.example',
        tlsSecret: 'cen-tls',
      },
    },
  },
  'no-network-policies': eachApp({ networkPolicy: { enabled: false } }),
};

/** Value sets that break one rule each, and what must say so. */
const BAD = {
  'latest tag': {
    values: { cases: { image: { tag: 'latest' } } },
    refused: /not a pinned version/,
  },
  'no MongoDB secret': {
    values: { persons: { servers: { mongodb: { existingSecret: '' } } } },
    refused: /servers\.mongodb\.existingSecret is required/,
  },
  'a server without NetworkPolicy peers': {
    values: { global: { servers: { nats: { networkPolicy: { to: [] } } } } },
    refused: /servers\.nats\.networkPolicy\.to is required/,
  },
  'a replica count that is no number': {
    values: { gateway: { replicaCount: 'two' } },
    invalid:
      /^Deployment\/opencen-gateway against Kubernetes 1\.3\d\.0: spec\.replicas: 'two' is not of type 'integer'/,
  },
  'an unknown field': {
    values: {
      auth: {
        resources: {
          requests: { cpu: '100m', memory: '256Mi' },
          limits: { memory: '512Mi' },
          limit: {},
        },
      },
    },
    invalid: /Additional properties are not allowed \('limit' was unexpected\)/,
  },
  'egress to anywhere on 443': {
    values: { cases: { networkPolicy: { extraEgress: [peer('0.0.0.0/0', 443)] } } },
    broken: 'cases: may reach port 443',
  },
  'a service exposed': {
    values: { persons: { networkPolicy: { exposed: true } } },
    broken: 'persons: its HTTP port is reachable',
  },
  'running as root': {
    values: { auth: { securityContext: { runAsUser: 0, runAsGroup: 0 } } },
    broken: 'auth: runs as user 0 (root)',
  },
  'a mistyped variable': {
    values: { persons: { config: { PERSONS_MAX_CANDIDATE_SCORED: '500' } } },
    broken: 'persons: ConfigMap key PERSONS_MAX_CANDIDATE_SCORED is no variable of the app',
  },
  'one replica': {
    values: { web: { replicaCount: 1 } },
    broken: 'web: runs fewer than 2 replicas',
  },
};

let ctx;
const rendered = {}; // name -> { ok, file, stderr }
let report; // file -> { documents, problems }

beforeAll(async () => {
  ctx = await prepareCharts();
  const jobs = [
    ...APP_CHARTS.map((chart) => ['alone', chart, {}, { release: chart }]),
    [
      'alone',
      'cases',
      EXTERNAL.global ? { global: EXTERNAL.global } : {},
      { release: 'cases', name: 'external' },
    ],
    ...Object.entries(GOOD).map(([name, values]) => [
      'umbrella',
      UMBRELLA,
      values,
      { release: 'opencen', name },
    ]),
    ...Object.entries(BAD).map(([name, { values }]) => [
      'bad',
      UMBRELLA,
      values,
      { release: 'opencen', name: name.replace(/\W+/g, '-') },
    ]),
  ];
  // Two at a time: the machine has two cores, shared.
  const queue = [...jobs];
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const [kind, chart, values, options] = job;
        const key = `${kind}:${options.name || 'defaults'}:${chart}`;
        rendered[key] = await template(ctx, chart, values, options);
      }
    }),
  );
  const files = Object.values(rendered)
    .filter((r) => r.ok)
    .map((r) => r.file);
  report = await validate(ctx, files);
}, 600_000);

afterAll(() => ctx?.cleanup());

const documentsOf = (key) => {
  const result = rendered[key];
  if (!result.ok) throw new Error(`helm template ${key} failed:\n${result.stderr}`);
  return report[result.file];
};

describe('each chart alone (one team installs or upgrades its service by itself)', () => {
  it.each(['opencen-lib', ...APP_CHARTS, UMBRELLA])(
    '%s passes helm lint --strict',
    async (chart) => {
      const result = await lint(ctx, chart);
      expect({ chart, ok: result.ok, output: result.ok ? '' : result.output }).toEqual({
        chart,
        ok: true,
        output: '',
      });
    },
  );

  it.each(APP_CHARTS)('%s renders valid manifests that keep the rules', (chart) => {
    const { documents, problems } = documentsOf(`alone:defaults:${chart}`);
    expect(problems).toEqual([]);
    expect(problemsOf(documents)).toEqual([]);
    expect(documents.map((d) => d.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    // Named after the chart when the release is: `helm install cases infra/helm/cases` gives `cases`.
    expect(documents.find((d) => d.kind === 'Deployment').metadata.name).toBe(chart);
  });

  it('cases alone against external servers takes its URLs from Secrets', () => {
    const { documents, problems } = documentsOf('alone:external:cases');
    expect(problems).toEqual([]);
    expect(problemsOf(documents)).toEqual([]);
    const container = documents.find((d) => d.kind === 'Deployment').spec.template.spec
      .containers[0];
    expect(container.env).toEqual([
      expect.objectContaining({
        name: 'MONGO_URL',
        valueFrom: { secretKeyRef: { name: 'opencen-cases-mongodb', key: 'MONGO_URL' } },
      }),
      expect.objectContaining({
        name: 'OPENSEARCH_URL',
        valueFrom: { secretKeyRef: { name: 'opencen-opensearch', key: 'OPENSEARCH_URL' } },
      }),
    ]);
    expect(container.image).toBe('registry.customs.example/opencen/opencen/cases:0.1.0');
  });
});

describe.each(Object.keys(GOOD))('the umbrella chart, value set "%s"', (name) => {
  it(`renders every app, valid against the schemas of Kubernetes ${KUBERNETES_VERSIONS.join(' and ')}`, () => {
    const { documents, problems } = documentsOf(`umbrella:${name}:${UMBRELLA}`);
    expect(problems).toEqual([]);
    const apps = documents.filter((d) => d.kind === 'Deployment').map((d) => d.metadata.name);
    expect(apps.sort()).toEqual(APP_CHARTS.map((app) => `opencen-${app}`).sort());
  });

  it('keeps the rules (probes, security context, egress, exposure, pinned images)', () => {
    const { documents } = documentsOf(`umbrella:${name}:${UMBRELLA}`);
    const problems = problemsOf(documents);
    if (name === 'no-network-policies') {
      // The one rule it breaks on purpose: an operator who turns them off is told nothing else.
      expect(problems.every((p) => /has no NetworkPolicy$/.test(p))).toBe(true);
      expect(problems).toHaveLength(APP_CHARTS.length);
    } else expect(problems).toEqual([]);
  });
});

describe('what the value sets change', () => {
  const docs = (name) => documentsOf(`umbrella:${name}:${UMBRELLA}`).documents;
  const ofKind = (name, kind) => docs(name).filter((d) => d.kind === kind);

  it('by default: probes on /health/live and /health/ready, config from ConfigMaps, secrets by name', () => {
    const deployments = ofKind('defaults', 'Deployment');
    for (const d of deployments) {
      const [container] = d.spec.template.spec.containers;
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    }
    const config = Object.fromEntries(
      ofKind('defaults', 'ConfigMap').map((c) => [c.metadata.name, c.data]),
    );
    expect(config['opencen-cases']).toMatchObject({
      NODE_ENV: 'production',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: '3103',
      METRICS_PORT: '3203',
      NATS_URL: 'nats://nats:4222',
      OPENSEARCH_URL: 'http://opensearch:9200',
      // 30 s of grace: 5 s of preStop sleep, 20 s to drain, 5 s to spare before SIGKILL.
      SHUTDOWN_GRACE_MS: '20000',
    });
    expect(config['opencen-gateway']).toMatchObject({
      KEYCLOAK_URL: 'http://keycloak:8080',
      HTTP_PORT: '3000',
    });
    expect(config['opencen-gateway'].OPENSEARCH_URL).toBeUndefined();
    expect(config['opencen-web']).toEqual({
      GATEWAY_URL: 'http://opencen-gateway:3000',
      KEYCLOAK_ORIGIN: 'http://keycloak:8080',
    });
    const secretsOf = (app) =>
      deployments
        .find((d) => d.metadata.name === `opencen-${app}`)
        .spec.template.spec.containers[0].envFrom.filter((e) => e.secretRef)
        .map((e) => e.secretRef.name);
    expect(secretsOf('auth')).toEqual(['opencen-auth']);
    expect(secretsOf('gateway')).toEqual(['opencen-gateway']);
    expect(secretsOf('notifications')).toEqual(['opencen-notifications']);
    expect(secretsOf('cases')).toEqual([]);
    // No HPA, replicas from the values, a PDB per app.
    expect(ofKind('defaults', 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind('defaults', 'PodDisruptionBudget')).toHaveLength(APP_CHARTS.length);
    expect(ofKind('defaults', 'Ingress')).toEqual([]);
  });

  it('external servers: URLs, ipBlock egress and the registry everywhere', () => {
    const policies = ofKind('external', 'NetworkPolicy');
    const cases = policies.find((p) => p.metadata.name === 'opencen-cases');
    expect(cases.spec.egress.map((r) => r.to[0].ipBlock?.cidr ?? 'dns')).toEqual([
      'dns',
      '10.20.0.0/28',
      '10.20.1.0/28',
      '10.20.2.0/28',
    ]);
    const gateway = policies.find((p) => p.metadata.name === 'opencen-gateway');
    expect(gateway.spec.egress.map((r) => r.ports[0].port)).toEqual([53, 4222, 443]);
    const config = Object.fromEntries(
      ofKind('external', 'ConfigMap').map((c) => [c.metadata.name, c.data]),
    );
    expect(config['opencen-auth'].KEYCLOAK_URL).toBe('https://sso.customs.example');
    expect(config['opencen-cases'].OPENSEARCH_URL).toBeUndefined();
    expect(config['opencen-cases'].OPENSEARCH_INDEX_PREFIX).toBe('prod');
    for (const d of ofKind('external', 'Deployment')) {
      expect(d.spec.template.spec.containers[0].image).toMatch(
        /^registry\.customs\.example\/opencen\/opencen\/[a-z-]+:0\.1\.0$/,
      );
      expect(d.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
    }
  });

  it('autoscaling on: an HPA per app, and the Deployments leave replicas to it', () => {
    const hpas = ofKind('autoscaling', 'HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(
      APP_CHARTS.map((app) => `opencen-${app}`).sort(),
    );
    for (const h of hpas) expect(h.spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
    for (const d of ofKind('autoscaling', 'Deployment')) expect(d.spec.replicas).toBeUndefined();
  });

  it('ingress on: the gateway (/api, /config.json, /health) and the web app (/) on one host, with TLS', () => {
    const ingresses = ofKind('ingress', 'Ingress');
    const routes = ingresses.flatMap((i) =>
      i.spec.rules[0].http.paths.map(
        (p) => `${i.spec.rules[0].host}${p.path} -> ${p.backend.service.name}`,
      ),
    );
    expect(routes.sort()).toEqual([
      'cen.customs.example/ -> opencen-web',
      'cen.customs.example/api -> opencen-gateway',
      'cen.customs.example/config.json -> opencen-gateway',
      'cen.customs.example/health -> opencen-gateway',
    ]);
    for (const i of ingresses)
      expect(i.spec.tls).toEqual([{ hosts: ['cen.customs.example'], secretName: 'cen-tls' }]);
  });
});

describe('a value set that breaks a rule is caught', () => {
  it.each(Object.entries(BAD))('%s', (name, expected) => {
    const result = rendered[`bad:${name.replace(/\W+/g, '-')}:${UMBRELLA}`];
    if (expected.refused) {
      // helm itself refuses to render it, saying why.
      expect(result.ok).toBe(false);
      expect(result.stderr).toMatch(expected.refused);
      return;
    }
    expect(result.ok).toBe(true);
    const { documents, problems } = report[result.file];
    // Against each pinned release.
    if (expected.invalid)
      expect(problems).toEqual(
        KUBERNETES_VERSIONS.map(() => expect.stringMatching(expected.invalid)),
      );
    else {
      expect(problems).toEqual([]);
      expect(problemsOf(documents)).toEqual([expected.broken]);
    }
  });
});
