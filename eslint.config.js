import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The Fastify plugins of the modules: the only module files that may import src/http (auth hooks, ErrorResponse).
// registry.ts and partitions.ts are route plugins under another name.
const ROUTE_FILES = ['src/modules/*/routes.ts', 'src/modules/*/*-routes.ts', 'src/modules/matters/registry.ts', 'src/modules/supervision/partitions.ts'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'drizzle/meta/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', fetch: 'readonly', window: 'readonly', document: 'readonly', localStorage: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The domain is pure: no I/O, no clock, nothing of ours outside itself (ARCHITECTURE.md "Shape").
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', 'pg', '@electric-sql/*', 'drizzle-orm*', 'fastify*'], message: 'src/domain is pure: no I/O.' },
        { group: ['../../db/*', '../../modules/*', '../../http/*', '../../jobs/*', '../../cli/*'], message: 'src/domain imports nothing of ours outside itself.' },
      ] }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'Inject the clock: pass `now` in.' }],
    },
  },
  {
    // No cycle: background jobs, the importer and the CLI depend on the modules, never on the web server. Only the
    // route plugins, src/http itself and the entry point that starts the server (src/cli/main.ts) import it.
    files: ['src/**/*.ts'],
    ignores: ['src/http/**', 'src/domain/**', 'src/cli/main.ts', ...ROUTE_FILES],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\.?/)+http(/|$)', message: 'Only route plugins import src/http: take AppContext from src/context.ts, dates from src/shared/dates.ts.' },
      ] }],
    },
  },
  {
    // The web app takes the API's types from the generated web/src/api/schema.d.ts and codes and labels from the pure
    // domain; the server's modules, HTTP layer and database are not for the browser bundle.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '^(\\.\\./)+src/(modules|http|db|cli|shared)(/|$)', message: 'The web app imports only src/domain from the server: API types are generated (npm run gen:api).' },
      ] }],
    },
  },
  {
    // Routes only route: parse, call the module's service, answer. The database is reached through the service.
    files: ROUTE_FILES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['drizzle-orm', 'drizzle-orm/*', '../../db/client', '../../db/tx', '../../db/schema', '../../db/schema/*'], message: 'A route calls its module\'s service; the service queries the database.' },
      ] }],
    },
  },
);
