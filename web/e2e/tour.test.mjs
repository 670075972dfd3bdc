// Every main page in Vietnamese (on a desktop) and Indonesian (on a phone): home, spaces, a space,
// a thread, the library, a document, search, sign in, sign up and the profile. Each page is in the
// browser's language (the <html lang> and its own translated labels), passes axe-core, fits the
// window, and leaves a screenshot under target/web-screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertNoRawErrors, audit, launch, messages, press, startServer, typeInto, waitForHeading } from './harness.mjs';

const RUNS = [
  { locale: 'vi', browserLocale: 'vi-VN', viewport: { width: 1280, height: 900 } },
  { locale: 'id', browserLocale: 'id-ID', viewport: { width: 412, height: 915 } },
].filter((run) => !process.env.E2E_LOCALES || process.env.E2E_LOCALES.split(',').includes(run.locale));

const PASSWORD = 'lotus harbour candle ninety';
const english = messages('en');

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

for (const run of RUNS) {
  const { locale } = run;
  const m = messages(locale);
  const member = {
    name: locale === 'vi' ? 'Nguyễn Thu Trang' : 'Sari Wulandari',
    email: `tour-${locale}@example.org`,
  };

  describe(`every page in ${locale}`, { concurrency: false }, () => {
    let browser;
    let page;

    const expectHeading = (text) => waitForHeading(page, text);

    /** The page is in this run's language: <html lang>, the header's labels, and `labels` on the page. */
    async function inLanguage(labels = []) {
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      const nav = await page.locator('header nav').innerText();
      for (const key of ['nav.home', 'nav.spaces', 'nav.library']) assert.ok(nav.includes(m[key]), `${key} in the header: ${nav}`);
      const main = await page.locator('main').innerText();
      for (const key of labels) {
        assert.notEqual(m[key], english[key], `${key} is translated`);
        assert.ok(main.includes(m[key]), `the page shows ${key} (${m[key]})`);
      }
    }

    /** axe-core, a screenshot, nothing wider than the window, and no raw error text. */
    async function check(name) {
      await audit(page, locale, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the window`);
      await assertNoRawErrors(page);
    }

    before(async () => {
      browser = await launch(run.browserLocale, run.viewport);
      page = browser.page;
      await api(
        server.baseUrl,
        'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
        { input: { email: member.email, password: PASSWORD, displayName: member.name, locale } },
      );
    });
    after(async () => {
      await browser?.close();
    });

    it('home', async () => {
      await page.goto(`${server.baseUrl}/`);
      await expectHeading(m['home.title']);
      await page.waitForSelector('.threads li');
      await inLanguage();
      assert.equal(await page.title(), 'Praxis');
      await check('home');
    });

    it('spaces and a space', async () => {
      await press(page, 'header nav a[href="/spaces"]');
      await expectHeading(m['spaces.title']);
      await page.waitForSelector('.spaces li');
      await inLanguage();
      await check('spaces');

      await press(page, 'main a[href="/spaces/protection"]');
      await expectHeading('Protection');
      await page.waitForSelector('.threads li');
      await inLanguage(['space.filterKind']);
      await check('space');
    });

    it('thread', async () => {
      await press(page, '.threads li h3 a');
      await page.waitForURL('**/threads/**');
      await page.waitForSelector('.posts article');
      await inLanguage(['thread.replyHeading', 'thread.signInToReply']);
      await check('thread');
    });

    it('library and a document', async () => {
      await press(page, 'header nav a[href="/library"]');
      await expectHeading(m['library.title']);
      await page.waitForSelector('main .documents li');
      await inLanguage(['library.filters']);
      await check('library');

      await press(page, 'main .documents li a');
      await page.waitForURL('**/library/**');
      await page.waitForSelector('#terms-heading');
      // The document is in English and says so; the interface around it is not.
      assert.equal(await page.locator('main h1').getAttribute('lang'), 'en');
      await inLanguage(['doc.terms', 'doc.related']);
      await check('document');
    });

    it('search', async () => {
      await typeInto(page, '#site-search', 'women');
      await page.keyboard.press('Enter');
      await expectHeading(m['search.title']);
      await page.waitForFunction(() => {
        const results = document.querySelector('main .results');
        return results?.getAttribute('data-answered') === 'women' && results.getAttribute('aria-busy') === 'false';
      });
      await page.waitForSelector('.facets .facet', { state: 'attached' });
      // On a phone the filters fold behind one button.
      const folded = await page.locator('.facets-toggle').isVisible();
      if (folded) await press(page, '.facets-toggle');
      await inLanguage([folded ? 'search.filtersShow' : 'search.filters', 'search.facet.kind', 'search.facet.space']);
      // The space facet names spaces, not ids.
      const spaces = await page.locator('.facets button[data-facet="space"]').allInnerTexts();
      assert.ok(spaces.length > 0 && spaces.some((text) => text.includes('Protection')), `space facet: ${spaces}`);
      await check('search');
    });

    it('sign up and sign in', async () => {
      await press(page, 'header a[href="/sign-up"]');
      await expectHeading(m['signUp.title']);
      await page.waitForSelector('#signup-organizationName');
      await inLanguage(['field.displayName', 'field.organization', 'signUp.submit']);
      await check('sign-up');

      await press(page, 'main a[href="/sign-in"]');
      await expectHeading(m['signIn.title']);
      await page.waitForSelector('#email');
      await inLanguage(['field.email', 'field.password']);
      await check('sign-in');

      await typeInto(page, '#email', member.email);
      await typeInto(page, '#password', PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForSelector('header a[href="/profile"]');
    });

    it('profile', async () => {
      await press(page, 'header a[href="/profile"]');
      await expectHeading(member.name);
      await page.waitForSelector('#profile-displayName');
      await inLanguage(['profile.settings', 'profile.language', 'profile.save']);
      assert.equal(await page.inputValue('#profile-locale'), locale);
      await check('profile');
    });

    it('ran without CSP violations or script errors', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
