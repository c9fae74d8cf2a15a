import base from '@opencen/eslint-config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The repository's rules, plus React's hooks rules and the browser's globals.
export default [
  ...base,
  { ignores: ['dist/**', 'test-results/**'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['browser/**/*.ts', '**/*.spec.tsx', 'vite.config.ts', 'vitest.setup.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
