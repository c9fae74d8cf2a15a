// Shared flat config: every workspace's eslint.config.mjs is `export { default } from '@opencen/eslint-config'`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/coverage/**', '**/generated/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Nest injects by the runtime class in decorator metadata: with these set, the rules below know
    // that an import used as a constructor parameter type is a value, not just a type.
    languageOptions: {
      parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // A service's domain is plain TypeScript: no framework, database or messaging import, and no
    // reach into its own adapters (ARCHITECTURE.md, "Repository layout").
    files: ['src/**/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                '@opencen/nest-kit',
                'mongoose',
                'nats',
                '**/infrastructure/**',
                '**/usecases/**',
              ],
              message: 'The domain imports no framework, persistence or application code.',
            },
          ],
        },
      ],
    },
  },
);
