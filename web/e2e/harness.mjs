// What the browser tests need around them: a real server on a fresh database, Debian's Chromium
// driven by playwright-core, axe-core on every page, screenshots under ../target/web-screenshots.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const webDir = resolve(here, '..');
const distDir = join(webDir, 'dist');
export const screenshotDir = resolve(webDir, '../target/web-screenshots');
const axeSource = readFileSync(join(webDir, 'node_modules/axe-core/axe.min.js'), 'utf8');

export function messages(locale) {
  return JSON.parse(readFileSync(join(webDir, 'src/locales', `${locale}.json`), 'utf8'));
}

/** A message with a count, in the plural form `locale` uses for it (as the app's tc() does). */
export function plural(m, locale, base, count) {
  const category = new Intl.PluralRules(locale).select(count);
  const template = m[`${base}_${category}`] ?? m[`${base}_other`];
  return template.replace('{count}', new Intl.NumberFormat(locale).format(count));
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts `praxis serve --demo` in a temporary directory; resolves once it answers. `config`: the
 * text of a praxis.toml for the server to read there, as a deployment would.
 */
export async function startServer({ config } = {}) {
  const bin = process.env.PRAXIS_BIN ?? resolve(webDir, '../target/debug/praxis');
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: run \`cargo build -p praxis-server\` first`);
  if (!existsSync(join(distDir, 'index.html'))) throw new Error('no built web app: run `npm run build` first');
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'praxis-e2e-'));
  if (config) writeFileSync(join(cwd, 'praxis.toml'), config);
  const child = spawn(bin, ['serve', '--demo', '--bind', `127.0.0.1:${port}`], {
    cwd,
    env: { ...process.env, PRAXIS_WEB_DIR: distDir, NO_COLOR: '1', RUST_LOG: process.env.RUST_LOG ?? 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const admin = await new Promise((resolveAdmin, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in time:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      const email = /^\s*email:\s+(\S+)/m.exec(output);
      const password = /^\s*password:\s+(\S+)/m.exec(output);
      if (email && password && /listening/i.test(output)) {
        clearTimeout(timer);
        resolveAdmin({ email: email[1], password: password[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    baseUrl,
    admin,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(cwd, { recursive: true, force: true });
    },
  };
}

/** A GraphQL call from the test itself (another member acting at the same time). */
export async function api(baseUrl, query, variables = {}, token) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const payload = await response.json();
  if (payload.errors) throw new Error(`GraphQL error: ${JSON.stringify(payload.errors)}`);
  return payload.data;
}

export async function signInByApi(baseUrl, email, password) {
  const data = await api(
    baseUrl,
    'mutation($input: LoginInput!) { login(input: $input) { accessToken user { id } } }',
    { input: { email, password } },
  );
  return { token: data.login.accessToken, id: data.login.user.id };
}

/** A fresh browser profile per locale, with the locale as the browser's language. */
export async function launch(locale, viewport) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'praxis-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale,
    viewport,
    reducedMotion: 'reduce',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) problems.push(text);
  });
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Runs axe-core on the page as it is and fails on any violation; then keeps a screenshot. */
export async function audit(page, locale, name) {
  await page.evaluate(() => document.fonts?.ready);
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  if (!hasAxe) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} :: ${n.failureSummary}`),
    }));
  });
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${locale}-${name}.png`), fullPage: true });
  if (violations.length) {
    throw new Error(`axe found ${violations.length} violation(s) on ${name} (${locale}):\n${JSON.stringify(violations, null, 2)}`);
  }
}

/**
 * Waits until the page's main heading reads `text`. On a timeout the error names the address and
 * the heading the page did show, so a failure in CI says where the reader was left.
 */
export async function waitForHeading(page, text, timeout = 10_000) {
  try {
    await page.waitForFunction((t) => document.querySelector('main h1')?.textContent?.trim() === t, text, { timeout });
  } catch (error) {
    const shown = await page
      .evaluate(() => document.querySelector('main h1')?.textContent?.trim() ?? '(no heading)')
      .catch((cause) => `(page did not answer: ${cause.message.split('\n')[0]})`);
    throw new Error(`heading "${text}" not shown within ${timeout} ms at ${page.url()}: it reads "${shown}"`, { cause: error });
  }
}

/** Moves focus with the Tab key alone until it reaches `selector`, as a keyboard user would. */
export async function tabTo(page, selector, { max = 120, backwards = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${selector} with the Tab key`);
}

/** Reaches a control by keyboard and activates it with Enter (links, buttons) or Space. */
export async function press(page, selector, key = 'Enter') {
  await tabTo(page, selector);
  await page.keyboard.press(key);
}

/** Types into a field reached by keyboard. */
export async function typeInto(page, selector, text) {
  await tabTo(page, selector);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

/** The page's visible text never shows a stack trace or raw JSON. */
export async function assertNoRawErrors(page) {
  const text = await page.evaluate(() => document.body.innerText);
  for (const pattern of [/\{\s*"/, /stack|at .*\.js:\d+/i, /extensions/, /undefined|null/]) {
    if (pattern.test(text)) throw new Error(`raw error text on the page (${pattern}):\n${text.slice(0, 500)}`);
  }
}
