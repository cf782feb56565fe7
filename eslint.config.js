import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Layering (docs/ARCHITECTURE.md): the two arrows that matter most are guarded here. */
const DOMAIN_PURE = {
  patterns: [
    { group: ['node:*', 'fs', 'path', 'crypto', 'os'], message: 'src/domain is pure: no Node built-ins.' },
    {
      group: [
        '**/server/**',
        '**/api/**',
        '**/web/**',
        'kysely',
        'pg',
        'better-sqlite3',
        'fastify',
        'react',
        'antd',
      ],
      message: 'src/domain imports nothing outside itself.',
    },
  ],
};
const ROUTES_NO_DB = {
  patterns: [
    {
      group: ['**/db/*', '**/repositories/*', 'kysely', 'pg', 'better-sqlite3'],
      allowTypeImports: true,
      message: 'Routes call services; they never touch the database.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'artifacts/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', DOMAIN_PURE],
      'no-restricted-globals': ['error', { name: 'Date', message: 'The evaluation date is a parameter.' }],
    },
  },
  {
    files: ['src/server/http/**/*.ts'],
    ignores: ['src/server/http/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', ROUTES_NO_DB] },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', 'node:*'], message: 'The web app talks to the server over HTTP only.' },
          ],
        },
      ],
    },
  },
);
