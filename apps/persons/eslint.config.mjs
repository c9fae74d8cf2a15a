import shared from '@opencen/eslint-config';

export default [
  ...shared,
  {
    // The domain is plain TypeScript: no framework, database or messaging import (ARCHITECTURE.md).
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
];
