import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;
// Several builds at once (say, of work in progress) each take their own folder.
const out = process.env.FLOTILLA_OUT_DIR ? resolve(process.env.FLOTILLA_OUT_DIR) : resolve(root, 'out');

export default defineConfig({
  main: {
    // `dependencies` stay external: sqlite3 and node-pty are native addons that
    // must be loaded from node_modules, and the rest gain nothing from bundling.
    plugins: [externalizeDepsPlugin({ include: ['sqlite3', 'node-pty'] })],
    build: {
      outDir: resolve(out, 'main'),
      rollupOptions: { input: { index: resolve(root, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, 'preload'),
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        // A sandboxed preload is evaluated as a classic script, never as an ES
        // module, so it has to be CommonJS whatever package.json says.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Relative asset URLs let the same build work from file:// and under the
    // control plane's /ui/ path.
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(out, 'renderer'),
      // electron-vite leaves renderers unminified; this one is also served to browsers.
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
