// Flat config: typescript-eslint's recommended rules for all code, and Vue's
// essential (correctness, not layout) rules for the dashboard's components.
// Type-aware rules are left out to keep `npm run lint` fast; `npm run
// typecheck` does the type work.
import js from '@eslint/js';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'api/openapi/definitions.json', 'test-results/**', '.flotilla-test/**'],
  },
  {
    files: ['**/*.{js,mjs,cjs,ts,mts,cts,vue}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
  },
  {
    files: ['renderer/**/*.vue'],
    extends: [...pluginVue.configs['flat/essential']],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['api/**', 'electron/**', 'agent/**', 'cli/**', 'test/**', 'bench/**', '*.{js,mjs,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      // `_`-prefixed names mark parameters a callback signature forces on us.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
