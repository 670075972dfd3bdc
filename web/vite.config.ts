import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Writes a Brotli and a gzip copy beside each text file of the build (file.js.br, file.js.gz), so
 * the server can send them as they are to browsers that accept them (tower-http's ServeDir does
 * with `.precompressed_br().precompressed_gzip()`) instead of compressing on every request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'praxis:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    writeBundle(_options, bundle) {
      for (const [fileName, output] of Object.entries(bundle)) {
        if (!/\.(js|css|html|json|svg)$/.test(fileName) || fileName.startsWith('.vite/')) continue;
        const source = Buffer.from(output.type === 'chunk' ? output.code : output.source);
        if (source.length < 1024) continue;
        const brotli = brotliCompressSync(source, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
        });
        writeFileSync(join(outDir, `${fileName}.br`), brotli);
        writeFileSync(join(outDir, `${fileName}.gz`), gzipSync(source, { level: 9 }));
      }
    },
  };
}

// The server sets a strict Content-Security-Policy (no inline script or style), so the build must
// emit every script and stylesheet as a file: Svelte's component CSS goes into .css assets.
export default defineConfig({
  plugins: [svelte({ emitCss: true }), precompress()],
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
