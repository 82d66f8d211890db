/**
 * Builds the web console into the repository's `dist/web`, which main serves on the API's own
 * origin (so the session cookie and CSRF header need no CORS). `npm run build:web` runs it from
 * the repository root; `root` is this folder whatever the working directory.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Main's CSP allows only same-origin scripts and styles: nothing inlined into index.html.
    assetsInlineLimit: 0,
  },
  server: {
    // `npx vite --config web/vite.config.ts` during development: the API of a local main.
    proxy: { '/api': { target: 'https://127.0.0.1:8443', changeOrigin: false, secure: false } },
  },
});
