// Measures the app as a phone on a slow connection would load it: Lighthouse's performance
// category with its default mobile emulation and simulated throttling, on a thread page and on the
// library page of a fresh demo server (started as the browser tests start it). Prints the score
// and the key metrics per page, keeps the full reports under ../target/lighthouse/, and exits
// non-zero when a page scores under the bar. A measurement, not part of `npm test`.
//
//   npm run build && npm run lighthouse             (PRAXIS_BIN, CHROMIUM and LIGHTHOUSE_RUNS apply)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { api, startServer, webDir } from '../e2e/harness.mjs';

const MIN_SCORE = 95;
/** Each page is measured this many times and the median run is reported (scores vary a little). */
const RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 3));
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const METRICS = [
  ['FCP', 'first-contentful-paint'],
  ['LCP', 'largest-contentful-paint'],
  ['TBT', 'total-blocking-time'],
  ['CLS', 'cumulative-layout-shift'],
  ['SI', 'speed-index'],
  ['bytes', 'total-byte-weight'],
];
const reportDir = resolve(webDir, '../target/lighthouse');

/** The run with the median score, with its report. */
function median(runs) {
  const sorted = [...runs].sort((a, b) => a.lhr.categories.performance.score - b.lhr.categories.performance.score);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The audits that cost points, worst first, so a low score says where to look. */
function losses(lhr) {
  const weights = new Map(lhr.categories.performance.auditRefs.map((ref) => [ref.id, ref.weight]));
  return Object.values(lhr.audits)
    .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'informative')
    .sort((a, b) => (weights.get(b.id) ?? 0) - (weights.get(a.id) ?? 0) || a.score - b.score)
    .slice(0, 8)
    .map((audit) => `    ${audit.id}: ${audit.displayValue ?? ''} (score ${Math.round(audit.score * 100)})`);
}

const server = await startServer();
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  chromeFlags: CHROME_FLAGS,
  logLevel: 'silent',
});
let failed = false;
try {
  const { threads } = await api(server.baseUrl, 'query { threads(first: 1) { edges { node { id } } } }');
  const pages = [
    ['thread', `${server.baseUrl}/threads/${threads.edges[0].node.id}`],
    ['library', `${server.baseUrl}/library`],
  ];
  mkdirSync(reportDir, { recursive: true });
  for (const [name, url] of pages) {
    const runs = [];
    for (let run = 0; run < RUNS; run++) {
      const result = await lighthouse(url, {
        port: chrome.port,
        onlyCategories: ['performance'],
        output: 'html',
        logLevel: 'error',
      });
      if (result.lhr.runtimeError) throw new Error(`${name}: ${result.lhr.runtimeError.message}`);
      runs.push(result);
    }
    const { lhr, report } = median(runs);
    writeFileSync(join(reportDir, `${name}.html`), report);
    writeFileSync(join(reportDir, `${name}.json`), JSON.stringify(lhr, null, 1));
    const score = Math.round(lhr.categories.performance.score * 100);
    const scores = runs.map((r) => Math.round(r.lhr.categories.performance.score * 100));
    console.log(`${name}: performance ${score}${RUNS > 1 ? ` (median of ${scores.join(', ')})` : ''}  ${url.replace(server.baseUrl, '')}`);
    for (const [label, id] of METRICS) {
      const audit = lhr.audits[id];
      const value = id === 'total-byte-weight' ? `${(audit.numericValue / 1024).toFixed(1)} KiB` : audit.displayValue;
      console.log(`  ${label.padEnd(5)} ${value}`);
    }
    if (score < MIN_SCORE) {
      failed = true;
      console.log(`  under ${MIN_SCORE}; the audits that cost most:`);
      for (const line of losses(lhr)) console.log(line);
    }
  }
  console.log(`reports: ${reportDir}`);
} finally {
  await chrome.kill();
  await server.stop();
}
if (failed) {
  console.error(`a page scored under ${MIN_SCORE}`);
  process.exit(1);
}
