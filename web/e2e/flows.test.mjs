// Every flow of the web app, end to end against a real server on a fresh database, in English on
// a desktop-sized window and in Thai on a phone-sized one. Controls are reached with the Tab key
// and used with Enter, Space and typing, so each flow is also proven to work by keyboard alone.
// axe-core checks every page; a screenshot of each is kept under target/web-screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  api,
  assertNoRawErrors,
  audit,
  launch,
  messages,
  plural,
  press,
  signInByApi,
  startServer,
  tabTo,
  typeInto,
  waitForHeading,
} from './harness.mjs';

const RUNS = [
  { locale: 'en', browserLocale: 'en-GB', viewport: { width: 1280, height: 900 } },
  { locale: 'th', browserLocale: 'th-TH', viewport: { width: 412, height: 915 } },
].filter((run) => !process.env.E2E_LOCALES || process.env.E2E_LOCALES.split(',').includes(run.locale));

const PASSWORD = 'river lantern orchid seventy';

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
  const user = {
    name: locale === 'th' ? 'มาลี ทดสอบ' : 'Maya Tester',
    email: `member-${locale}@example.org`,
    id: '',
  };

  describe(`web app in ${locale}`, { concurrency: false }, () => {
    let browser;
    let page;
    let threadUrl = '';
    let threadId = '';
    let adminPostId = '';
    let ownPostId = '';

    const heading = () => page.locator('main h1').innerText();
    /** Waits for the page heading: the address changes before the page's chunk has loaded. */
    const expectHeading = (text) => waitForHeading(page, text);
    const focusedIsHeading = () => page.evaluate(() => document.activeElement?.matches('main h1') ?? false);
    const storage = () =>
      page.evaluate(() => ({
        session: sessionStorage.getItem('praxis.refresh'),
        local: localStorage.getItem('praxis.refresh'),
        drafts: Object.keys(localStorage).filter((k) => k.startsWith('praxis.draft.')),
      }));

    before(async () => {
      browser = await launch(run.browserLocale, run.viewport);
      page = browser.page;
    });
    after(async () => {
      await browser?.close();
    });

    it('opens the home page in the browser language', async () => {
      await page.goto(`${server.baseUrl}/`);
      await page.waitForSelector('main h1');
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      await expectHeading(m['home.title']);
      await page.waitForSelector('.threads li');
      // Demo content is English: it carries its own language.
      assert.equal(await page.locator('.threads h3 a').first().getAttribute('lang'), 'en');
      await audit(page, locale, 'home');
    });

    it('skips to the main content with the skip link', async () => {
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), m['layout.skip']);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
    });

    it('signs up, after a validation error that says what to do', async () => {
      await press(page, 'header a[href="/sign-up"]');
      await page.waitForURL('**/sign-up');
      await expectHeading(m['signUp.title']);
      assert.ok(await focusedIsHeading(), 'focus moves to the new page heading');
      await audit(page, locale, 'sign-up');

      await typeInto(page, '#signup-displayName', user.name);
      await typeInto(page, '#signup-email', user.email);
      await typeInto(page, '#signup-password', 'short');
      await tabTo(page, '#signup-country');
      await page.keyboard.press('ArrowDown');
      assert.notEqual(await page.inputValue('#signup-country'), '', 'a country is chosen with the arrow key');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('#signup-password-error');
      assert.equal(await page.locator('#signup-password-error').innerText(), m['error.field.password']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'signup-password');
      await audit(page, locale, 'sign-up-error');

      await typeInto(page, '#signup-password', PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`header .account a[href="/profile"]`);
      assert.match(await page.locator('header .account').innerText(), new RegExp(user.name));
      const stored = await storage();
      assert.ok(stored.session, 'the refresh token is in session storage');
      assert.equal(stored.local, null, 'nothing in local storage without "keep me signed in"');
      user.id = (await signInByApi(server.baseUrl, user.email, PASSWORD)).id;
    });

    it('lists the spaces and filters a space by kind', async () => {
      await press(page, 'header nav a[href="/spaces"]');
      await page.waitForSelector('.spaces li');
      await expectHeading(m['spaces.title']);
      assert.ok(await focusedIsHeading());
      await audit(page, locale, 'spaces');

      await press(page, 'main a[href="/spaces/protection"]');
      await page.waitForSelector('.threads li');
      await expectHeading('Protection');
      await audit(page, locale, 'space');

      await tabTo(page, '#filter-kind');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#filter-kind'), 'QUESTION');
      await press(page, '.filters button[type="submit"]');
      await page.waitForURL('**/spaces/protection?kind=QUESTION');
      // The address changes before the filtered list replaces the old one (the page is remounted
      // and loads again): wait until the list shows only questions and the count agrees with it.
      await page.waitForFunction(
        ({ question, counts }) => {
          const kinds = [...document.querySelectorAll('.threads > li .badge:first-child')].map((b) => b.textContent.trim());
          const status = document.querySelector('main p[role="status"]')?.textContent?.trim();
          return kinds.length >= 1 && kinds.every((k) => k === question) && status === counts[kinds.length];
        },
        { question: m['kind.question'], counts: Array.from({ length: 21 }, (_, n) => plural(m, locale, 'space.threadCount', n)) },
        { timeout: 15_000 },
      );
      // Every thread listed is a question, and the count says how many there are.
      const kinds = await page.locator('.threads > li .badge:first-child').allInnerTexts();
      assert.ok(kinds.length >= 1 && kinds.every((k) => k === m['kind.question']), `only questions: ${kinds}`);
      assert.equal(await page.locator('main p[role="status"]').innerText(), plural(m, locale, 'space.threadCount', kinds.length));
      await audit(page, locale, 'space-filtered');

      await typeInto(page, '#filter-tag', 'data-protection');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/spaces/protection?kind=QUESTION&tag=data-protection');
      await page.waitForFunction(
        (text) =>
          document.querySelector('main p[role="status"]')?.textContent?.trim() === text &&
          document.querySelectorAll('.threads h3').length === 1,
        plural(m, locale, 'space.threadCount', 1),
        { timeout: 15_000 },
      );
      assert.match(await page.locator('.threads h3').innerText(), /survivor data/);
    });

    it('starts a question with a server-rendered preview and a draft that survives a reload', async () => {
      await page.goto(`${server.baseUrl}/spaces/protection`);
      await press(page, 'main a[href="/spaces/protection/new"]');
      await page.waitForSelector('#thread-title');
      await expectHeading(m['newThread.title']);
      await audit(page, locale, 'new-thread');

      const title = locale === 'th' ? 'จะฝึกอบรมอาสาสมัครอย่างไรให้ปลอดภัย' : 'How do you train volunteers safely?';
      await typeInto(page, '#thread-title', title);
      await tabTo(page, 'input[name="kind"]:checked');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.querySelector('input[name="kind"]:checked')?.value), 'QUESTION');
      await typeInto(page, '#thread-tags', 'training, safety');
      await typeInto(page, '#thread-body', 'We run **monthly** sessions.\n\n- one\n- two');
      await page.waitForFunction(() => localStorage.getItem('praxis.draft.thread:protection') !== null);

      await page.reload();
      await page.waitForSelector('#thread-title');
      assert.equal(await page.inputValue('#thread-title'), title);
      assert.match(await page.inputValue('#thread-body'), /monthly/);
      assert.match(await page.locator('main').innerText(), new RegExp(m['editor.draftRestored'].slice(0, 20)));

      await press(page, '.modes button[aria-pressed="false"]');
      await page.waitForSelector('.preview strong');
      assert.equal(await page.locator('.preview strong').innerText(), 'monthly');
      await audit(page, locale, 'new-thread-preview');

      await press(page, 'main form button[type="submit"]');
      await page.waitForURL('**/threads/**');
      threadUrl = page.url();
      threadId = decodeURIComponent(threadUrl.split('/threads/')[1]);
      await page.waitForSelector('.posts article');
      await expectHeading(title);
      assert.equal(await page.locator('main h1').getAttribute('lang'), locale);
      assert.deepEqual((await storage()).drafts, [], 'the draft is cleared once posted');
    });

    it('shows a reply from someone else live, and announces it', async () => {
      await page.waitForFunction((text) => document.querySelector('.live-state')?.textContent?.trim() === text, m['thread.liveOn']);
      const admin = await signInByApi(server.baseUrl, server.admin.email, server.admin.password);
      const data = await api(
        server.baseUrl,
        'mutation($input: ReplyInput!) { reply(input: $input) { id } }',
        { input: { threadId, body: 'Pair new volunteers with **experienced** ones.' } },
        admin.token,
      );
      adminPostId = data.reply.id;
      await page.waitForFunction((id) => !!document.getElementById(`post-${id}`), adminPostId, { timeout: 10_000 });
      const status = await page.locator('.live[role="status"]').innerText();
      assert.equal(status, m['thread.newReply'].replace('{name}', 'Demo Admin'));
      await audit(page, locale, 'thread');
    });

    it('keeps a reply as a draft when the connection drops, and posts it when back', async () => {
      const body = locale === 'th' ? 'ขอบคุณสำหรับคำแนะนำ เราจะลองดู' : 'Thank you, we will try pairing.';
      await typeInto(page, '#reply-body', body);
      await browser.context.setOffline(true);
      await press(page, '.reply button[type="submit"]');
      await page.waitForSelector('#reply-body-error');
      assert.equal(await page.locator('#reply-body-error').innerText(), m['error.networkDraftKept']);
      assert.deepEqual((await storage()).drafts, [`praxis.draft.reply:${threadId}`]);
      await assertNoRawErrors(page);
      await audit(page, locale, 'reply-offline');

      await browser.context.setOffline(false);
      await press(page, '.reply button[type="submit"]');
      await page.waitForFunction((text) => [...document.querySelectorAll('.posts .prose')].some((p) => p.textContent.includes(text)), body, {
        timeout: 15_000,
      });
      ownPostId = await page.evaluate(() => document.querySelector('.posts > li:last-child article').id.replace('post-', ''));
      // The new post may arrive through the live subscription before the server's answer to the
      // reply itself, which is what clears the box and the draft: wait for that answer.
      await page.waitForFunction(
        (key) => document.querySelector('#reply-body')?.value === '' && localStorage.getItem(key) === null,
        `praxis.draft.reply:${threadId}`,
        { timeout: 15_000 },
      );
      assert.equal(await page.inputValue('#reply-body'), '');
      assert.deepEqual((await storage()).drafts, []);
      // Posted from this page, the reply is not announced as someone else's.
      assert.notEqual(await page.locator('.live[role="status"]').innerText(), m['thread.newReply'].replace('{name}', user.name));
    });

    it('previews a reply as the server renders it', async () => {
      await typeInto(page, '#reply-body', 'A *short* note');
      await press(page, '.reply .modes button[aria-pressed="false"]');
      await page.waitForSelector('.reply .preview em');
      assert.equal(await page.locator('.reply .preview em').innerText(), 'short');
      await press(page, '.reply .modes button[aria-pressed="false"]');
      await typeInto(page, '#reply-body', '');
    });

    it('reacts to a post and takes the reaction back', async () => {
      const like = `[id="post-${adminPostId}"] .reactions button:first-child`;
      await tabTo(page, like);
      await page.keyboard.press('Space');
      await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('aria-pressed') === 'true', like);
      assert.match(await page.locator(like).innerText(), /1/);
      await page.keyboard.press('Space');
      await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('aria-pressed') === 'false', like);
      assert.match(await page.locator(like).innerText(), /0/);
    });

    it('accepts an answer to its own question', async () => {
      await press(page, `[id="post-${adminPostId}"] .actions button.accept`);
      await page.waitForSelector(`[id="post-${adminPostId}"] .badge.ok`);
      assert.equal(await page.locator(`[id="post-${adminPostId}"] .badge.ok`).innerText(), m['post.acceptedAnswer']);
      assert.match(await page.locator('main .notice.ok').innerText(), new RegExp(m['thread.hasAccepted'].slice(0, 10)));
      await audit(page, locale, 'thread-accepted');
    });

    it('edits its reply and shows the edit history', async () => {
      const post = `[id="post-${ownPostId}"]`;
      const before = await page.locator(`${post} .prose`).innerText();
      await press(page, `${post} .actions button.edit`);
      const editor = `[id="edit-${ownPostId}"]`;
      await page.waitForSelector(editor);
      assert.ok(await page.evaluate((s) => document.activeElement === document.querySelector(s), editor), 'focus moves to the editor');
      await page.keyboard.press('End');
      await page.keyboard.type(' (edited)');
      await press(page, `${post} form button[type="submit"]`);
      await page.waitForSelector(`${post} details.history`);
      assert.match(await page.locator(`${post} .prose`).innerText(), /\(edited\)/);
      await press(page, `${post} details.history summary`);
      assert.equal(await page.locator(`${post} details.history .revision`).innerText(), before);
      assert.equal(await page.locator(`${post} details.history summary`).innerText(), plural(m, locale, 'post.history', 1));
      await audit(page, locale, 'thread-edit-history');
    });

    it('deletes a post after confirming', async () => {
      await typeInto(page, '#reply-body', 'To be removed');
      await press(page, '.reply button[type="submit"]');
      await page.waitForFunction(() => document.querySelectorAll('.posts > li').length === 4);
      const last = '.posts > li:last-child article';
      await press(page, `${last} .actions button.delete`);
      assert.ok(await page.evaluate(() => document.activeElement?.id?.startsWith('confirm-delete-')), 'focus moves to the confirmation');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${last} em`);
      assert.equal(await page.locator(`${last} em`).innerText(), m['post.deleted']);
    });

    it('shows the profile with the id to share', async () => {
      await press(page, 'header a[href="/profile"]');
      await page.waitForSelector('#user-id');
      await expectHeading(user.name);
      assert.equal(await page.locator('#user-id').innerText(), user.id);
      assert.match(await page.locator('main').innerText(), new RegExp(user.email));
      await audit(page, locale, 'profile');
    });

    it('refreshes an expired access token silently and retries', async () => {
      let refreshed = 0;
      let refused = false;
      await page.route('**/graphql', async (route) => {
        const body = route.request().postData() ?? '';
        if (body.includes('RefreshSession')) refreshed++;
        if (!refused && body.includes('query Spaces')) {
          refused = true;
          return route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ data: null, errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }),
          });
        }
        return route.continue();
      });
      await press(page, 'header nav a[href="/spaces"]');
      await page.waitForSelector('.spaces li');
      assert.ok(refused && refreshed === 1, 'one refresh, then the request went through');
      await page.unroute('**/graphql');
    });

    it('says when a session has ended and how to go on', async () => {
      await page.evaluate(() => sessionStorage.removeItem('praxis.refresh'));
      await page.route('**/graphql', (route) =>
        (route.request().postData() ?? '').includes('query Threads')
          ? route.fulfill({
              contentType: 'application/json',
              body: JSON.stringify({ data: null, errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] }),
            })
          : route.continue(),
      );
      await press(page, 'header nav a[href="/"]');
      await page.waitForSelector('main .notice.error');
      assert.match(await page.locator('main .notice.error').innerText(), new RegExp(m['error.sessionExpired'].slice(0, 15)));
      assert.equal(await page.locator('main .notice.error a').getAttribute('href'), '/sign-in?next=%2F');
      await assertNoRawErrors(page);
      await audit(page, locale, 'session-expired');
      await page.unroute('**/graphql');
    });

    it('signs in with "keep me signed in" and stays signed in after a reload', async () => {
      await press(page, 'header a[href^="/sign-in"]');
      await page.waitForSelector('#email');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('#email-error');
      await audit(page, locale, 'sign-in-error');
      await typeInto(page, '#email', user.email);
      await typeInto(page, '#password', 'not the password at all');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('#sign-in-error');
      assert.equal(await page.locator('#sign-in-error').innerText(), m['signIn.badCredentials']);
      await typeInto(page, '#password', PASSWORD);
      await tabTo(page, '#keep');
      await page.keyboard.press('Space');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('header a[href="/profile"]');
      const stored = await storage();
      assert.ok(stored.local && !stored.session, 'the refresh token is in local storage');
      await page.reload();
      await page.waitForSelector('header a[href="/profile"]');
    });

    it('retries a query when the network fails and says so', async () => {
      let failures = 0;
      await page.route('**/graphql', (route) =>
        (route.request().postData() ?? '').includes('query SpacePage') && failures++ < 2 ? route.abort('internetdisconnected') : route.continue(),
      );
      await page.goto(`${server.baseUrl}/spaces/participation`);
      await page.waitForSelector('.status-line .notice');
      assert.equal(await page.locator('.status-line .notice').innerText(), m['network.retrying']);
      await audit(page, locale, 'retrying');
      await page.waitForSelector('.threads li', { timeout: 15_000 });
      assert.equal(await page.locator('.status-line .notice').count(), 0);
      await page.unroute('**/graphql');
    });

    it('explains missing, private and forbidden pages', async () => {
      await page.goto(`${server.baseUrl}/threads/not-a-thread`);
      await page.waitForSelector('main .notice.error');
      await expectHeading(m['notFound.title']);
      await assertNoRawErrors(page);
      await audit(page, locale, 'thread-missing');

      await page.goto(`${server.baseUrl}/spaces/focal-points-working-group`);
      await page.waitForSelector('main .notice.error');
      assert.match(await page.locator('main .notice.error').innerText(), new RegExp(m['space.missing'].slice(0, 15)));
      await audit(page, locale, 'space-private');

      await page.goto(`${server.baseUrl}/admin`);
      await page.waitForSelector('main .notice.error');
      assert.equal(await page.locator('main .notice.error p').first().innerText(), m['admin.forbidden']);
      await audit(page, locale, 'admin-forbidden');

      await page.goto(`${server.baseUrl}/no/such/page`);
      await expectHeading(m['notFound.title']);
      await audit(page, locale, 'not-found');
    });

    it('switches the interface language and remembers it', async () => {
      await page.goto(`${server.baseUrl}/`);
      await page.waitForSelector('main h1');
      // The menu opens within the window, here and on the narrowest phone, where the button
      // starts its row.
      const inWindow = async (width) => {
        const menu = await page.locator('#language-list').boundingBox();
        assert.ok(menu.x >= 0 && menu.x + menu.width <= width, `at ${width}px the menu spans ${menu.x} to ${menu.x + menu.width}`);
      };
      const size = page.viewportSize();
      await page.setViewportSize({ width: 320, height: 640 });
      try {
        await press(page, '.language > button');
        await inWindow(320);
        await page.keyboard.press('Escape');
        await page.waitForSelector('#language-list', { state: 'hidden' });
      } finally {
        await page.setViewportSize(size);
      }
      const other = locale === 'en' ? 'vi' : 'id';
      await press(page, '.language > button');
      await inWindow(size.width);
      await audit(page, locale, 'language-menu');
      await press(page, `#language-list button[lang="${other}"]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, other);
      await expectHeading(messages(other)['home.title']);
      assert.ok(await page.evaluate(() => document.activeElement?.matches('.language > button')), 'focus returns to the menu button');
      await page.reload();
      await page.waitForSelector('main h1');
      assert.equal(await page.getAttribute('html', 'lang'), other);
      await audit(page, locale, `home-in-${other}`);
      await press(page, '.language > button');
      await press(page, `#language-list button[lang="${locale}"]`);
      await page.waitForFunction((l) => document.documentElement.lang === l, locale);
    });

    it('signs out everywhere on this device', async () => {
      await page.evaluate(() => localStorage.setItem('praxis.draft.reply:x', '{"body":"secret"}'));
      await press(page, 'header .account button.secondary:not([aria-expanded])');
      await page.waitForSelector('header a[href^="/sign-in"]');
      const stored = await storage();
      assert.deepEqual(stored, { session: null, local: null, drafts: [] });
    });

    it('lets an administrator create a space and manage its members', async () => {
      await page.goto(`${server.baseUrl}/sign-in?next=%2Fadmin`);
      await typeInto(page, '#email', server.admin.email);
      await typeInto(page, '#password', server.admin.password);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/admin');
      await page.waitForSelector('.space-list li');
      await expectHeading(m['admin.title']);
      await audit(page, locale, 'admin');

      const slug = `circle-${locale}`;
      await typeInto(page, '#space-name', locale === 'th' ? 'วงผู้ไกล่เกลี่ยหญิง' : 'Women mediators circle');
      await typeInto(page, '#space-slug', 'Not A Slug');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('#space-slug-error');
      assert.equal(await page.locator('#space-slug-error').innerText(), m['error.field.slug']);
      await typeInto(page, '#space-slug', slug);
      await tabTo(page, 'input[name="visibility"]:checked');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.querySelector('input[name="visibility"]:checked')?.value), 'PRIVATE');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('#created-notice');
      await audit(page, locale, 'admin-created');

      await press(page, `#created-notice a[href="/spaces/${slug}/members"]`);
      await page.waitForSelector('#member-person');
      await audit(page, locale, 'members');
      // Nobody matches: the box says so, and Enter without a person taken from the list explains.
      await typeInto(page, '#member-person', 'zzqx');
      await page.waitForSelector('#member-person-empty');
      assert.equal(await page.locator('#member-person-empty').innerText(), m['members.nobodyFound']);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#member-person-error');
      assert.equal(await page.locator('#member-person-error').innerText(), m['members.choosePerson']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'member-person');
      // Part of the name finds the person; an administrator also sees the email address.
      await typeInto(page, '#member-person', user.name.slice(0, 4));
      const option = '#member-person-list [role="option"]';
      await page.waitForFunction((s) => document.querySelector(s)?.checkVisibility(), option);
      assert.equal(await page.getAttribute('#member-person', 'aria-expanded'), 'true');
      const found = await page.locator(option).first().innerText();
      assert.match(found, new RegExp(user.name));
      assert.ok(found.includes(user.email), `the option shows the email: ${found}`);
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getAttribute('#member-person', 'aria-activedescendant'), 'member-person-option-0');
      await audit(page, locale, 'members-picker');
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue('#member-person'), user.name);
      assert.equal(await page.getAttribute('#member-person', 'aria-expanded'), 'false');
      await tabTo(page, '#member-role');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#member-role'), 'MODERATOR');
      await press(page, 'main form button[type="submit"]');
      await page.waitForFunction((name) => document.querySelector('main table')?.innerText.includes(name), user.name).catch(async (e) => {
        console.log(await page.locator('main').innerText());
        throw e;
      });
      assert.match(await page.locator('main table').innerText(), new RegExp(m['spaceRole.moderator']));
      await audit(page, locale, 'members-added');

      await press(page, 'main tbody tr:last-child button.danger');
      await page.waitForFunction((name) => !document.querySelector('main table')?.innerText.includes(name), user.name);
      assert.equal(
        await page.locator('main [role="status"] .notice').innerText(),
        m['members.removed'].replace('{name}', user.name),
      );
    });

    it('lets an administrator verify an organisation, which visitors are then offered', async () => {
      const orgName = locale === 'th' ? 'เครือข่ายถักทอสันติภาพ' : 'Peace Weavers Collective';
      const query = locale === 'th' ? 'ถักทอสันติ' : 'Weavers Coll';
      const ORGS = 'query($search: String!) { organizations(search: $search) { name verified } }';
      await api(
        server.baseUrl,
        'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
        { input: { email: `weaver-${locale}@example.org`, password: PASSWORD, displayName: 'Weaver', organizationName: orgName, country: 'PH' } },
      );
      const offered = async () => (await api(server.baseUrl, ORGS, { search: query })).organizations.map((o) => o.name);
      assert.deepEqual(await offered(), [], 'visitors are not offered an unverified organisation');

      await page.goto(`${server.baseUrl}/admin`);
      await page.waitForSelector('.space-list li');
      // One character is too short to search; the box says so and keeps the focus.
      await typeInto(page, '#org-search', orgName.slice(0, 1));
      await page.keyboard.press('Enter');
      await page.waitForSelector('#org-search-error');
      assert.equal(await page.locator('#org-search-error').innerText(), m['admin.orgSearchShort']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'org-search');
      await typeInto(page, '#org-search', query);
      await page.keyboard.press('Enter');
      await page.waitForSelector('.org-list li');
      const row = page.locator('.org-list li');
      assert.equal(await row.count(), 1);
      assert.match(await row.innerText(), new RegExp(orgName));
      assert.match(await row.innerText(), new RegExp(m['admin.orgNotVerified']));
      await audit(page, locale, 'admin-organizations');

      await press(page, '.org-list li button');
      const verified = m['admin.orgVerified'].replace('{name}', orgName);
      await page.waitForFunction(
        (text) => document.querySelector('main [role="status"] .notice')?.textContent === text,
        verified,
      );
      assert.equal(await row.locator('button').textContent(), `${m['admin.orgUnverify']}: ${orgName}`);
      assert.ok(await page.evaluate(() => document.activeElement?.matches('.org-list li button')), 'focus stays on the button');
      assert.equal(await row.locator('.badge.ok').innerText(), m['picker.verified']);
      await audit(page, locale, 'admin-organization-verified');
      assert.deepEqual(await offered(), [orgName], 'visitors are now offered the verified organisation');

      // Pressed again, the verification is removed and the change announced.
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (text) => document.querySelector('main [role="status"] .notice')?.textContent === text,
        m['admin.orgUnverified'].replace('{name}', orgName),
      );
      assert.deepEqual(await offered(), []);
      await page.keyboard.press('Enter');
      await page.waitForFunction((text) => document.querySelector('main [role="status"] .notice')?.textContent === text, verified);
    });

    it('lets a moderator pin and lock a thread', async () => {
      await page.goto(threadUrl);
      await page.waitForSelector('.posts article');
      await press(page, '[aria-label="' + m['thread.moderation'] + '"] button:first-child');
      await page.waitForFunction((text) => [...document.querySelectorAll('main .meta .badge')].some((b) => b.textContent === text), m['thread.pinned']);
      await press(page, '[aria-label="' + m['thread.moderation'] + '"] button:last-child');
      // Moderators may still reply to a locked thread; the page tells them so.
      await page.waitForFunction((text) => document.querySelector('.reply')?.textContent?.includes(text), m['thread.lockedModerator']);
      assert.ok((await page.locator('main .meta .badge').allInnerTexts()).includes(m['thread.locked']));
      await audit(page, locale, 'thread-locked');
      await page.keyboard.press('Enter');
      await page.waitForFunction((text) => !document.querySelector('.reply')?.textContent?.includes(text), m['thread.lockedModerator']);
    });

    it('ran without CSP violations or script errors', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
