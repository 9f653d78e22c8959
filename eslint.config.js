import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'worker_threads', 'http', 'https', 'net', 'url', 'crypto', 'zlib', 'stream', 'events', 'util'];

/**
 * Each layer imports only downward: core ← node ← engine ← main/host/cli; core ← renderer; core ← preload.
 * The layers with an index module (engine, node) are also forbidden as a bare folder import (`../engine`).
 */
const INDEXED_LAYERS = new Set(['**/engine/**', '**/node/**']);
function layer(files, forbidden, message) {
  const groups = forbidden.flatMap((group) => (INDEXED_LAYERS.has(group) ? [group, group.slice(0, -3)] : [group]));
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group: [group], message })) }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'scratch/**', 'coverage/**', 'test-results/**', '.netcanvas-test/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  { files: ['bin/**', 'scripts/**'], languageOptions: { globals: globals.node } },
  layer(['src/core/**'], [...NODE_BUILTINS, 'electron', 'react', 'react-dom', '@tensorflow/*', '**/node/**', '**/engine/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/host/**', '**/cli/**'],
    'src/core is the pure core: no DOM, no Node, no engine; it is shared by every process.'),
  layer(['src/node/**'], ['electron', 'react', 'react-dom', '@tensorflow/*', '**/engine/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/host/**', '**/cli/**'],
    'src/node holds the Node utilities every Node process shares: it imports only the core.'),
  layer(['src/engine/**'], ['electron', 'react', 'react-dom', '**/main/**', '**/preload/**', '**/renderer/**', '**/host/**', '**/cli/**'],
    'src/engine runs in Node and imports only the core.'),
  layer(['src/renderer/**'], [...NODE_BUILTINS, 'electron', '@tensorflow/tfjs-node*', '**/node/**', '**/engine/**', '**/main/**', '**/preload/**', '**/host/**', '**/cli/**'],
    'src/renderer runs in a sandboxed page: it imports the core and reaches the engine only through the API contract.'),
  {
    // The renderer asks where it runs for dialogs and the clipboard, so every host (desktop, browser, test) decides how.
    files: ['src/renderer/**'],
    ignores: ['src/renderer/platform/**'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'window', property: 'confirm', message: 'Use platform.confirm(): the Platform decides how to ask.' },
        { object: 'navigator', property: 'clipboard', message: 'Use platform.clipboard: the Platform owns the clipboard.' },
      ],
      'no-restricted-globals': ['error', { name: 'confirm', message: 'Use platform.confirm(): the Platform decides how to ask.' }],
    },
  },
  layer(['src/preload/**'], ['@tensorflow/*', '**/node/**', '**/engine/**', '**/main/**', '**/renderer/**', '**/host/**', '**/cli/**'],
    'src/preload is a thin bridge: the core and electron only.'),
  layer(['src/main/**'], ['**/engine/*', 'react', 'react-dom', '**/renderer/**', '**/host/**', '**/cli/**'],
    'src/main imports the core, the Node layer and the engine (through its entry, src/engine/index.ts).'),
  layer(['src/host/**'], ['**/engine/*', 'electron', 'react', 'react-dom', '**/main/**', '**/preload/**', '**/renderer/**', '**/cli/**'],
    'src/host imports the core, the Node layer and the engine (through its entry, src/engine/index.ts).'),
  layer(['src/cli/**'], ['**/engine/*', 'electron', 'react', 'react-dom', '**/main/**', '**/preload/**', '**/renderer/**'],
    'src/cli imports the core, the Node layer, the engine (through its entry, src/engine/index.ts) and the host.'),
);
