// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The domain is pure: no framework, no I/O, no clock, no randomness. Time, ids and actors arrive with the command.
    files: ['libs/domain/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                '@app/*',
                'pg',
                '@electric-sql/*',
                '@kurrent/*',
                'bullmq',
                'ioredis',
                'class-validator',
                'class-transformer',
                'exceljs',
              ],
              message: 'libs/domain is pure: no framework or I/O imports.',
            },
            { group: ['node:*'], message: 'libs/domain is pure: no Node I/O.' },
          ],
          paths: ['fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'events', 'timers', 'worker_threads'].map((name) => ({
            name,
            message: 'libs/domain is pure: no Node I/O.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The domain reads no environment.' },
        { name: 'setTimeout', message: 'The domain has no timers.' },
        { name: 'fetch', message: 'The domain does no I/O.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'The domain has no clock: take the time from the command.' },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'The domain has no clock: take the time from the command.',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'The domain is deterministic: ids arrive with the command.',
        },
        { selector: "CallExpression[callee.name='parseFloat']", message: 'Money is integer đồng: no floats.' },
      ],
    },
  },
  {
    // The access policy is pure too: an actor and what it asks for in, a yes/no or an SQL scope out.
    files: ['libs/access/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                '@app/application',
                '@app/event-store',
                '@app/projections',
                '@app/scheduler',
                'pg',
                '@electric-sql/*',
                'bullmq',
                'ioredis',
              ],
              message: 'libs/access depends on the domain only.',
            },
            { group: ['node:*'], message: 'libs/access is pure: no Node I/O.' },
          ],
        },
      ],
    },
  },
);
