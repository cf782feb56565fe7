import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, 'src/web');

// The web app lives in src/web (index.html included) and builds into dist/web, which the server serves.
// The server's CSP allows only same-origin scripts, so nothing may be inlined into index.html.
export default defineConfig({
  root,
  publicDir: path.join(root, 'public'),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Keep the module-preload helper in a file of its own instead of an inline script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Libraries change less often than pages: separate chunks cache longer.
        // antd is left to the default splitting, so components only one page uses load with that page.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
