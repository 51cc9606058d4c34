// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layering of CONVENTIONS.md: imports only point downwards, and only the Electron adapter
 * (electron/main, electron/preload) may import 'electron' (and with it raw ipcMain/ipcRenderer).
 */
const electronOnlyInAdapter = {
  name: 'electron',
  message: "Only electron/main and electron/preload may import 'electron'; everything else goes through the CaseApi.",
};
const layer = (group, message) => ({ group, message });
const upToElectron = layer(['**/electron/**', '**/electron'], 'This layer may not import from electron/.');
const upToRenderer = layer(['**/renderer/**', '**/renderer'], 'Only the renderer may import renderer code.');
const upToWorkers = layer(['**/workers/**', '**/workers'], 'shared/ may import nothing of ours but shared/.');
const upToTest = layer(['**/test/**', '**/test'], 'Application code may not import tests.');
const nodeBuiltins = layer(['node:*'], 'This layer runs in the browser or in Web Workers: no Node built-ins.');
const upToHosts = layer(['**/host/**', '**/cli/**', '**/main/**', '**/preload/**'], 'electron/core may not import its hosts.');
const upToCore = layer(['**/core/**'], 'Only electron/ may import electron/core.');

/** @param {...{group: string[], message: string}} patterns */
const restrict = (patterns, paths = [electronOnlyInAdapter]) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

export const layeringRules = [
  { files: ['shared/**/*.{ts,tsx}'], rules: restrict([upToElectron, upToRenderer, upToWorkers, upToTest, nodeBuiltins]) },
  { files: ['workers/**/*.{ts,tsx}'], rules: restrict([upToElectron, upToRenderer, upToTest]) },
  { files: ['electron/core/**/*.{ts,tsx}'], rules: restrict([upToRenderer, upToTest, upToHosts]) },
  { files: ['electron/host/**/*.{ts,tsx}', 'electron/cli/**/*.{ts,tsx}'], rules: restrict([upToRenderer, upToTest, layer(['**/main/**', '**/preload/**'], 'Hosts do not import each other.')]) },
  { files: ['electron/main/**/*.{ts,tsx}', 'electron/preload/**/*.{ts,tsx}'], rules: restrict([upToRenderer, upToTest], []) },
  { files: ['renderer/**/*.{ts,tsx}'], ignores: ['renderer/vite.config.ts'], rules: restrict([upToElectron, upToTest, nodeBuiltins, upToCore]) },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  ...layeringRules,
  {
    files: ['test/**/*.{ts,tsx}', '**/*.mjs', '**/*.config.{ts,js}'],
    rules: { 'no-console': 'off' },
  },
);
