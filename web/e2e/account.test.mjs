// The account end to end, in Vietnamese on a desktop and Indonesian on a phone: the organisation
// picker at sign-up (visitors are offered verified organisations only), editing the profile (a
// field error, an organisation typed in full, a country, the interface language, which persists
// after a reload and follows the account to a new sign-in), and a space moderator adding a member
// with the person picker. Keyboard only, axe-core on every state.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, audit, launch, messages, plural, press, signInByApi, startServer, tabTo, typeInto, waitForHeading } from './harness.mjs';

const RUNS = [
  { locale: 'vi', other: 'id', browserLocale: 'vi-VN', viewport: { width: 1280, height: 900 } },
  { locale: 'id', other: 'vi', browserLocale: 'id-ID', viewport: { width: 412, height: 915 } },
].filter((run) => !process.env.E2E_LOCALES || process.env.E2E_LOCALES.split(',').includes(run.locale));

const PASSWORD = 'meadow copper lantern eleven';
const REGISTER = `mutation($input: RegisterInput!) {
  register(input: $input) { accessToken user { id organization { id } } }
}`;
const VIEWER = 'query { viewer { displayName locale country organization { name verified } } }';

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

for (const run of RUNS) {
  const { locale, other } = run;
  const m = messages(locale);
  const mo = messages(other);
  const vi = locale === 'vi';
  // Names only this run uses, typed in part (lowercase, as people type) to find them.
  const org = vi
    ? { query: 'hòa bình', verified: 'Liên minh Hòa bình Phụ nữ', unverified: 'Nhóm Hòa bình Thanh niên', typed: 'Hội Phụ nữ xã An Phú' }
    : { query: 'damai', verified: 'Jaringan Damai Perempuan', unverified: 'Komunitas Damai Pemuda', typed: 'Kelompok Tani Perempuan Sumba' };
  const colleague = vi ? { name: 'Trần Thị Mai', query: 'thị mai' } : { name: 'Dewi Kartika', query: 'kartika' };
  const youth = vi ? 'Phạm Văn Nam' : 'Budi Santoso';
  const user = {
    name: vi ? 'Lê Minh Châu' : 'Putri Ayuningtyas',
    renamed: vi ? 'Châu Lê' : 'Putri A.',
    email: `account-${locale}@example.org`,
    country: vi ? 'VN' : 'ID',
    id: '',
  };

  describe(`account in ${locale}`, { concurrency: false }, () => {
    let browser;
    let page;
    let adminToken = '';

    const expectHeading = (text) => waitForHeading(page, text);
    const expectLang = (lang) => page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 10_000 });
    /** Waits until the combobox `id` shows its list, and returns the options' text. */
    async function suggestions(id) {
      await page.waitForFunction((s) => document.querySelector(s)?.checkVisibility() ?? false, `#${id}-list [role="option"]`);
      assert.equal(await page.getAttribute(`#${id}`, 'aria-expanded'), 'true');
      return page.locator(`#${id}-list [role="option"]`).allInnerTexts();
    }

    async function check(name) {
      await audit(page, locale, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the window`);
    }

    before(async () => {
      browser = await launch(run.browserLocale, run.viewport);
      page = browser.page;
      adminToken = (await signInByApi(server.baseUrl, server.admin.email, server.admin.password)).token;
      // Two organisations come from other people's sign-ups; an administrator verifies one.
      const seeded = await api(server.baseUrl, REGISTER, {
        input: { email: `colleague-${locale}@example.org`, password: PASSWORD, displayName: colleague.name, organizationName: org.verified },
      });
      await api(
        server.baseUrl,
        'mutation($id: ID!) { setOrganizationVerified(id: $id, verified: true) { verified } }',
        { id: seeded.register.user.organization.id },
        adminToken,
      );
      await api(server.baseUrl, REGISTER, {
        input: { email: `youth-${locale}@example.org`, password: PASSWORD, displayName: youth, organizationName: org.unverified },
      });
    });
    after(async () => {
      await browser?.close();
    });

    it('offers verified organisations at sign-up, taken with the arrow keys and Enter', async () => {
      await page.goto(`${server.baseUrl}/sign-up`);
      await expectHeading(m['signUp.title']);
      assert.equal(await page.getAttribute('html', 'lang'), locale);
      await typeInto(page, '#signup-displayName', user.name);
      await typeInto(page, '#signup-email', user.email);
      await typeInto(page, '#signup-password', PASSWORD);
      await typeInto(page, '#signup-organizationName', org.query);
      const offered = await suggestions('signup-organizationName');
      assert.equal(offered.length, 1, `one verified organisation: ${offered}`);
      assert.match(offered[0], new RegExp(org.verified));
      assert.match(offered[0], new RegExp(m['picker.verified']));
      assert.equal(
        await page.locator('#signup-organizationName ~ [role="status"]').innerText(),
        plural(m, locale, 'picker.suggestions', 1),
      );
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.getAttribute('#signup-organizationName', 'aria-activedescendant'), 'signup-organizationName-option-0');
      await check('sign-up-picker');
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue('#signup-organizationName'), org.verified);
      assert.equal(await page.getAttribute('#signup-organizationName', 'aria-expanded'), 'false');
      assert.ok(page.url().endsWith('/sign-up'), 'taking a suggestion does not submit the form');

      await page.keyboard.press('Enter');
      await page.waitForSelector('header a[href="/profile"]');
      // Signed up, the app goes home, and moves focus to its heading once the page has loaded: a
      // key pressed before then (the next test's, on a loaded machine) would land elsewhere.
      await page.waitForFunction(() => location.pathname === '/' && document.activeElement === document.querySelector('main h1'));
      const signedIn = await signInByApi(server.baseUrl, user.email, PASSWORD);
      user.id = signedIn.id;
      const { viewer } = await api(server.baseUrl, VIEWER, {}, signedIn.token);
      assert.deepEqual(viewer.organization, { name: org.verified, verified: true });
      assert.equal(viewer.locale, locale);
    });

    it('edits the profile: a field error, a new organisation, a country and the language', async () => {
      await press(page, 'header a[href="/profile"]');
      await expectHeading(user.name);
      await page.waitForSelector('#profile-displayName');
      assert.equal(await page.inputValue('#profile-organizationName'), org.verified);
      assert.equal(await page.inputValue('#profile-locale'), locale);
      await check('profile-form');

      await typeInto(page, '#profile-displayName', '');
      await press(page, 'main form button[type="submit"]');
      await page.waitForSelector('#profile-displayName-error');
      assert.equal(await page.locator('#profile-displayName-error').innerText(), m['error.field.displayName']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'profile-displayName');
      assert.equal(await page.getAttribute('#profile-displayName', 'aria-invalid'), 'true');
      await check('profile-error');
      await typeInto(page, '#profile-displayName', user.renamed);

      // Signed in, unverified organisations are offered too; Escape closes the list.
      await typeInto(page, '#profile-organizationName', org.query);
      const offered = await suggestions('profile-organizationName');
      assert.ok(offered.some((text) => text.includes(org.unverified)), `unverified ones too: ${offered}`);
      assert.ok(offered.some((text) => text.includes(org.verified)));
      await page.keyboard.press('Escape');
      assert.equal(await page.getAttribute('#profile-organizationName', 'aria-expanded'), 'false');

      // A name nobody has used yet is kept as typed, and the box says it will be added.
      await typeInto(page, '#profile-organizationName', org.typed);
      await page.waitForSelector('#profile-organizationName-empty');
      assert.equal(await page.locator('#profile-organizationName-empty').innerText(), m['picker.newOrganization']);
      assert.match(await page.getAttribute('#profile-organizationName', 'aria-describedby'), /profile-organizationName-empty/);

      await tabTo(page, '#profile-country');
      await page.selectOption('#profile-country', user.country);
      await tabTo(page, '#profile-locale');
      await page.selectOption('#profile-locale', other);
      await press(page, 'main form button[type="submit"]');

      // Saving the language switches the interface at once.
      await expectLang(other);
      await page.waitForFunction((text) => document.getElementById('profile-saved')?.textContent?.trim() === text, mo['profile.saved']);
      await expectHeading(user.renamed);
      assert.equal(await page.locator('#profile-organizationName-empty').count(), 0, 'the new organisation exists now');
      assert.match(await page.locator('header .account').innerText(), new RegExp(user.renamed));
      const facts = await page.locator('main dl').innerText();
      assert.ok(facts.includes(org.typed), `the organisation is shown: ${facts}`);
      const countryName = new Intl.DisplayNames(other, { type: 'region' }).of(user.country);
      assert.ok(facts.includes(countryName), `the country is named in ${other}: ${facts}`);
      assert.equal(await page.locator('main button[type="submit"]').innerText(), mo['profile.save']);
      await audit(page, locale, `profile-saved-in-${other}`);

      const { token } = await signInByApi(server.baseUrl, user.email, PASSWORD);
      const { viewer } = await api(server.baseUrl, VIEWER, {}, token);
      assert.deepEqual(viewer, {
        displayName: user.renamed,
        locale: other,
        country: user.country,
        organization: { name: org.typed, verified: false },
      });
    });

    it('keeps the language after a reload, and brings it to the next sign-in', async () => {
      await page.reload();
      await page.waitForSelector('#profile-locale');
      assert.equal(await page.getAttribute('html', 'lang'), other);
      assert.equal(await page.inputValue('#profile-locale'), other);

      // A device that never chose a language: signed out, the browser's language applies...
      await page.evaluate(() => localStorage.removeItem('praxis.locale'));
      await press(page, 'header .account button.secondary:not([aria-expanded])');
      await page.waitForSelector('header a[href^="/sign-in"]');
      await page.reload();
      await page.waitForSelector('header a[href^="/sign-in"]');
      assert.equal(await page.getAttribute('html', 'lang'), locale);

      // ...and signing in brings the account's language.
      await page.goto(`${server.baseUrl}/sign-in?next=%2Fprofile`);
      await expectHeading(m['signIn.title']);
      await typeInto(page, '#email', user.email);
      await typeInto(page, '#password', PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/profile');
      await expectLang(other);
      await expectHeading(user.renamed);
      assert.equal(await page.evaluate(() => localStorage.getItem('praxis.locale')), other);

      // Back to this run's language, through the profile again.
      await page.waitForSelector('#profile-locale');
      await tabTo(page, '#profile-locale');
      await page.selectOption('#profile-locale', locale);
      await press(page, 'main form button[type="submit"]');
      await expectLang(locale);
      await page.waitForFunction((text) => document.getElementById('profile-saved')?.textContent?.trim() === text, m['profile.saved']);
    });

    it('lets a space moderator add a member with the person picker, without seeing email addresses', async () => {
      const slug = `circle-${locale}`;
      const { createSpace } = await api(
        server.baseUrl,
        'mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id } }',
        { input: { slug, name: vi ? 'Vòng tròn hòa giải' : 'Lingkar mediator', visibility: 'PRIVATE' } },
        adminToken,
      );
      await api(
        server.baseUrl,
        'mutation($spaceId: ID!, $userId: ID!) { addSpaceMember(spaceId: $spaceId, userId: $userId, role: MODERATOR) { id } }',
        { spaceId: createSpace.id, userId: user.id },
        adminToken,
      );

      await page.goto(`${server.baseUrl}/spaces/${slug}/members`);
      await page.waitForSelector('#member-person');
      assert.ok(!(await page.locator('#member-person-hint').innerText()).includes(m['members.personHintAdmin']));
      await check('members');

      await typeInto(page, '#member-person', colleague.query);
      const offered = await suggestions('member-person');
      const option = offered.find((text) => text.includes(colleague.name));
      assert.ok(option, `the colleague is offered: ${offered}`);
      assert.ok(option.includes(org.verified), `with their organisation: ${option}`);
      assert.ok(offered.every((text) => !text.includes('@')), 'a moderator sees no email addresses');
      const index = offered.indexOf(option);
      for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
      await check('members-picker');
      await page.keyboard.press('Enter');
      assert.equal(await page.inputValue('#member-person'), colleague.name);
      await press(page, 'main form button[type="submit"]');
      await page.waitForFunction((name) => document.querySelector('main table')?.innerText.includes(name), colleague.name);
      assert.equal(await page.locator('main [role="status"] .notice').innerText(), m['members.added'].replace('{name}', colleague.name));
      assert.equal(await page.inputValue('#member-person'), '', 'the box is emptied for the next person');
      await check('members-added');
    });

    it('ran without CSP violations or script errors', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
