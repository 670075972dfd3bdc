import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The server sets a strict Content-Security-Policy (no inline script or style), so the build must
// emit every script and stylesheet as a file: Svelte's component CSS goes into .css assets.
export default defineConfig({
  plugins: [svelte({ emitCss: true })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // The polyfill would add an inline-free but needless module to the first load.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    sourcemap: false,
    // Read by scripts/size.mjs to follow what the first page load pulls in.
    manifest: true,
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    include: ['tests/**/*.test.ts'],
  },
});
