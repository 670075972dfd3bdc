// Fails when the first load is over budget: index.html, the entry's scripts and styles, the
// largest locale's messages and the home page's chunk, each gzipped (the design allows 100 KB).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 100 * 1000;
const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;

/** A chunk with everything it imports statically, and their stylesheets. */
function closure(key, files = new Set()) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const dep of chunk.imports ?? []) closure(dep, files);
  return files;
}

const entry = closure('index.html');
const locales = Object.keys(manifest).filter((key) => /src\/locales\/\w+\.json$/.test(key));
const largestLocale = locales.map((key) => manifest[key].file).sort((a, b) => gzipped(b) - gzipped(a))[0];
const home = closure('src/routes/Home.svelte');

const firstLoad = new Set(['index.html', ...entry, largestLocale, ...home]);
const rows = [...firstLoad].map((file) => [file, gzipped(file)]);
const total = rows.reduce((sum, [, size]) => sum + size, 0);
const shell = ['index.html', ...entry].reduce((sum, file) => sum + gzipped(file), 0);

for (const [file, size] of rows) console.log(`${(size / 1000).toFixed(1).padStart(6)} KB  ${file}`);
console.log(`HTML + initial JS and CSS: ${(shell / 1000).toFixed(1)} KB gzipped`);
console.log(`first load with the largest locale and the home page: ${(total / 1000).toFixed(1)} KB of ${BUDGET / 1000} KB`);
if (total > BUDGET) {
  console.error('over budget: move code into a route chunk or drop a dependency');
  process.exit(1);
}
