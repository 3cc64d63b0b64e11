import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Run from the repo root: `npm run build:web` (vite build --config web/vite.config.ts).
// Dev: `npx vite --config web/vite.config.ts`; /api is proxied to the Xinfang server
// (XINFANG_API_URL, default http://localhost:3000).
const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env.XINFANG_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Vite 8 bundles with Rolldown: `rolldownOptions.output.codeSplitting` replaces Rollup's `manualChunks`.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 30 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@emotion|stylis|@babel[\\/]runtime)[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
    // antd alone is larger than Vite's default 500 kB warning threshold even after splitting.
    chunkSizeWarningLimit: 1200,
  },
});
