import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        // The engine forks each training job from training-worker.mjs beside the bundle that
        // runs it (src/engine/jobs/workerEntry.ts), so the main build carries the worker too.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'training-worker': resolve(__dirname, 'src/engine/jobs/trainingWorker.ts'),
          'training-helper': resolve(__dirname, 'src/engine/training/parallel/helper.ts'),
        },
        output: { entryFileNames: (chunk) => (chunk.name.startsWith('training-') ? '[name].mjs' : '[name].js') },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') }, output: { format: 'cjs' } } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: { outDir: resolve(__dirname, 'out/renderer'), rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
  },
});
