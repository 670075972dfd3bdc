// The knowledge library end to end: a member writes a good practice with the guided form, a
// moderator reviews it through the queue, an anonymous visitor finds it with the filters, and it
// is translated, cited by a thread, exported, verified and archived. Keyboard only, axe-core on
// every page, a screenshot of each page per locale (English on a desktop, Thai on a phone).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, audit, launch, messages, plural, press, signInByApi, startServer, tabTo, typeInto, waitForHeading } from './harness.mjs';

const RUNS = [
  { locale: 'en', browserLocale: 'en-GB', viewport: { width: 1280, height: 900 }, translation: 'vi' },
  { locale: 'th', browserLocale: 'th-TH', viewport: { width: 412, height: 915 }, translation: 'en' },
].filter((run) => !process.env.E2E_LOCALES || process.env.E2E_LOCALES.split(',').includes(run.locale));

const PASSWORD = 'harbour violet seventeen kites';

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
  const th = locale === 'th';
  const member = { name: th ? 'สุดา ผู้เขียน' : 'Rosa Writer', email: `writer-${locale}@example.org`, id: '' };
  const doc = {
    title: th ? 'คณะกรรมการความปลอดภัยของผู้หญิงในหมู่บ้านชายแดน' : 'Village women’s safety committees on the border',
    summary: th
      ? 'ผู้หญิงในหมู่บ้านจัดตั้งคณะกรรมการเพื่อรับเรื่องร้องเรียนและส่งต่อผู้เสียหาย'
      : 'Women in twelve villages set up committees that take complaints and refer survivors to help.',
    context: th ? 'หมู่บ้านชายแดนที่มีผู้พลัดถิ่นจำนวนมาก' : 'Border villages hosting many displaced families.',
    whatWasDone: th ? 'อบรมอาสาสมัครหญิงและจัดสายด่วน' : 'We trained women volunteers and ran a helpline.',
    results: th ? 'มีการส่งต่อผู้เสียหาย 40 ราย' : 'Forty survivors were referred to services.',
    resultsRevised: th ? 'มีการส่งต่อผู้เสียหาย 40 รายในปีแรก และ 65 รายในปีที่สอง' : 'Forty survivors were referred in the first year, 65 in the second.',
    body: th ? 'ดู **รายงานฉบับเต็ม** ในไฟล์แนบ' : 'See the **full report** in the attachment.',
    country: th ? 'LA' : 'TH',
    id: '',
    url: '',
  };
  const attachmentName = `field-notes-${locale}.txt`;
  const translationTitle = th ? 'Village safety committees (English version)' : 'Ủy ban an toàn của phụ nữ thôn bản vùng biên';
  const statusHeading = (status) => m['doc.statusHeading'].replace('{status}', m[`docStatus.${status}`]);

  describe(`library in ${locale}`, { concurrency: false }, () => {
    let browser;
    let page;
    let adminToken = '';
    let memberToken = '';
    let threadId = '';
    let translationId = '';

    const expectHeading = (text) => waitForHeading(page, text);
    const waitStatus = (status) =>
      page.waitForFunction((t) => document.getElementById('status-heading')?.textContent?.trim() === t, statusHeading(status), {
        timeout: 10_000,
      });

    /** axe-core and a screenshot, and nothing wider than the window (phones scroll down only). */
    async function check(name) {
      await audit(page, locale, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the window`);
    }

    async function signIn(email, password, next) {
      await page.goto(`${server.baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
      await page.waitForSelector('#email');
      await typeInto(page, '#email', email);
      await typeInto(page, '#password', password);
      await page.keyboard.press('Enter');
      await page.waitForSelector('header a[href="/profile"]');
      await page.waitForURL(`**${next}`);
    }

    async function signOut() {
      await press(page, 'header .account button.secondary:not([aria-expanded])');
      await page.waitForSelector('header a[href^="/sign-in"]');
    }

    before(async () => {
      browser = await launch(run.browserLocale, run.viewport);
      page = browser.page;
      // Playwright turns on file-chooser interception when the first listener is added, and
      // asynchronously: listening from the start means a chooser opened later is never missed.
      page.on('filechooser', () => {});
      await api(
        server.baseUrl,
        'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
        { input: { email: member.email, password: PASSWORD, displayName: member.name, locale } },
      );
      const signedIn = await signInByApi(server.baseUrl, member.email, PASSWORD);
      member.id = signedIn.id;
      memberToken = signedIn.token;
      adminToken = (await signInByApi(server.baseUrl, server.admin.email, server.admin.password)).token;
    });
    after(async () => {
      await browser?.close();
    });

    it('writes a good practice with the guided form, a preview, a local draft and field errors', async () => {
      await signIn(member.email, PASSWORD, '/library');
      await expectHeading(m['library.title']);
      await press(page, 'main a[href="/library/new"]');
      await page.waitForSelector('#doc-title');
      await expectHeading(m['docForm.newTitle']);
      // Every template section is there, in order, with its hint.
      const labels = await page.locator('.group label[for^="section-"]').allInnerTexts();
      assert.deepEqual(labels.slice(0, 3), [m['section.context'], m['section.whatWasDone'], m['section.results']]);
      assert.equal(await page.locator('#section-context-hint').innerText(), m['section.contextHint']);
      assert.equal(await page.inputValue('#doc-language'), locale, 'the language starts as the interface language');
      await check('document-new');

      await typeInto(page, '#doc-title', doc.title);
      await typeInto(page, '#doc-summary', doc.summary);
      await typeInto(page, '#section-context', doc.context);
      await typeInto(page, '#section-whatWasDone', doc.whatWasDone);
      await typeInto(page, '#section-results', doc.results);
      await typeInto(page, '#doc-body', doc.body);
      await press(page, '.modes button[aria-pressed="false"]');
      await page.waitForSelector('.preview strong');
      assert.equal(await page.locator('.preview strong').innerText(), th ? 'รายงานฉบับเต็ม' : 'full report');
      await check('document-new-preview');
      await press(page, '.modes button[aria-pressed="false"]');

      for (const box of ['#pillar-PROTECTION', `#country-${doc.country}`, '#theme-gbv']) {
        await tabTo(page, box);
        await page.keyboard.press('Space');
        assert.ok(await page.isChecked(box), `${box} is ticked`);
      }
      await typeInto(page, '#doc-year', '2024');
      await typeInto(page, '#doc-source', 'not a web address');
      await page.waitForFunction(() => localStorage.getItem('praxis.draft.document:new')?.includes('not a web address'));

      // The draft survives a reload.
      await page.reload();
      await page.waitForSelector('#doc-title');
      assert.equal(await page.inputValue('#doc-title'), doc.title);
      assert.equal(await page.inputValue('#section-results'), doc.results);
      assert.ok(await page.isChecked('#pillar-PROTECTION'));

      // A link to no document: the server's message goes by the field, which gets the focus.
      await typeInto(page, '#doc-translation', `${server.baseUrl}/library/Tm90QURvY3VtZW50`);
      await press(page, 'main form button[data-submit="no"]');
      await page.waitForSelector('#doc-translation-error');
      assert.equal(await page.locator('#doc-translation-error').innerText(), m['docError.translationOf']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'doc-translation');
      await typeInto(page, '#doc-translation', '');

      // Then the address.
      await press(page, 'main form button[data-submit="no"]');
      await page.waitForSelector('#doc-source-error');
      assert.equal(await page.locator('#doc-source-error').innerText(), m['docError.sourceUrl']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'doc-source');
      assert.equal(await page.getAttribute('#doc-source', 'aria-invalid'), 'true');
      await check('document-new-error');

      await typeInto(page, '#doc-source', 'https://example.org/report');
      await press(page, 'main form button[data-submit="no"]');
      await page.waitForURL('**/library/*');
      await expectHeading(doc.title);
      doc.url = page.url();
      doc.id = decodeURIComponent(doc.url.split('/library/')[1]);
      await waitStatus('DRAFT');
      assert.deepEqual(
        await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('praxis.draft.'))),
        [],
        'the draft is cleared once saved',
      );
    });

    it('attaches a file, downloads it with the session, and submits for review', async () => {
      await tabTo(page, '#attachment-file');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
      await chooser.setFiles({ name: attachmentName, mimeType: 'text/plain', buffer: Buffer.from('Notes from the field visit.\n') });
      await press(page, '.upload button[type="submit"]');
      await page.waitForSelector(`.attachments a[download="${attachmentName}"]`);
      await check('document-draft');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        press(page, `.attachments a[download="${attachmentName}"]`),
      ]);
      assert.equal(download.suggestedFilename(), attachmentName);

      await press(page, 'main .actions button');
      await waitStatus('SUBMITTED');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'status-heading');
      assert.equal(await page.locator('main a[href$="/edit"]').count(), 0, 'no editing while it waits for review');
    });

    it('lets a moderator find it in the review queue and ask for changes with a comment', async () => {
      await signOut();
      await signIn(server.admin.email, server.admin.password, '/review');
      await expectHeading(m['review.title']);
      await page.waitForSelector('main .documents');
      const queue = await page.locator('section[aria-labelledby="queue-heading"] .documents h3').allInnerTexts();
      assert.ok(queue.includes(doc.title), `the queue lists the document: ${queue}`);
      await check('review-queue');

      await press(page, `section[aria-labelledby="queue-heading"] a[href="/library/${encodeURIComponent(doc.id)}"]`);
      await expectHeading(doc.title);
      await page.waitForSelector('#review-comment');
      // A request for changes needs a comment.
      await press(page, '.review button.changes');
      await page.waitForSelector('#review-comment-error');
      assert.equal(await page.locator('#review-comment-error').innerText(), m['review.changesNeedComment']);
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-comment');
      await check('document-review');

      await page.keyboard.type(th ? 'โปรดเพิ่มตัวเลขของปีที่สอง' : 'Please add the figures for the second year.');
      await press(page, '.review button.changes');
      await waitStatus('CHANGES_REQUESTED');
      assert.match(await page.locator('.history').innerText(), th ? /ปีที่สอง/ : /second year/);
    });

    it('shows the author the comment; the author edits and resubmits', async () => {
      await signOut();
      await signIn(member.email, PASSWORD, `/library/${encodeURIComponent(doc.id)}`);
      await expectHeading(doc.title);
      await page.waitForSelector('main .notice[role="note"]');
      assert.match(await page.locator('main .notice[role="note"]').innerText(), th ? /ปีที่สอง/ : /second year/);
      await check('document-changes-requested');

      await press(page, 'main a[href$="/edit"]');
      await page.waitForSelector('#section-results');
      await expectHeading(m['docForm.editTitle']);
      assert.equal(await page.inputValue('#doc-title'), doc.title);
      assert.ok(await page.isChecked(`#country-${doc.country}`));
      await page.waitForSelector(`.attachments a[download="${attachmentName}"]`);
      await check('document-edit');
      await typeInto(page, '#section-results', doc.resultsRevised);
      await press(page, 'main form button[data-submit="yes"]');
      await page.waitForURL(`**/library/${encodeURIComponent(doc.id)}`);
      await waitStatus('SUBMITTED');
      assert.match(await page.locator('#section-results ~ p').first().innerText(), /65/);
    });

    it('marks the author\'s own document in search as not yet published', async () => {
      await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent(doc.title)}`);
      const hit = page.locator(`.hits .hit:has(h3 a[href="/library/${encodeURIComponent(doc.id)}"])`);
      await hit.waitFor();
      assert.equal(await hit.locator('.badge.status').innerText(), m['docStatus.SUBMITTED']);
      await check('search-own-document');
    });

    it('lets the moderator publish it', async () => {
      await signOut();
      await signIn(server.admin.email, server.admin.password, `/library/${encodeURIComponent(doc.id)}`);
      await page.waitForSelector('.review button.publish');
      // The decision sits below the document; a link at the top leads there.
      await press(page, 'main .actions a[href="#review-comment"]');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'review-comment');
      await press(page, '.review button.publish');
      await waitStatus('PUBLISHED');
      await page.waitForSelector('.review button.verify');
      await check('document-published-moderator');
    });

    it('lets an anonymous visitor find it by pillar and country, read it and download the attachment', async () => {
      await signOut();
      await press(page, 'header nav a[href="/library"]');
      await expectHeading(m['library.title']);
      await page.waitForSelector('main p[role="status"]');
      await check('library');

      await tabTo(page, '#filter-pillar');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#filter-pillar'), 'PROTECTION');
      await tabTo(page, '#filter-country');
      const steps = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'TL', 'VN'].indexOf(doc.country) + 1;
      for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#filter-country'), doc.country);
      await press(page, '.filters button[type="submit"]');
      await page.waitForURL(`**/library?pillar=PROTECTION&country=${doc.country}`);
      // The address changes before the filtered list replaces the old one: wait for it.
      await page.waitForFunction(
        ({ title, count }) => {
          const titles = [...document.querySelectorAll('.documents h3')].map((h) => h.textContent.trim());
          return (
            titles.length === 1 &&
            titles[0] === title &&
            !!document.querySelector('.exports a')?.getAttribute('href')?.includes('pillar=PROTECTION') &&
            document.querySelector('main p[role="status"]')?.textContent?.trim() === count
          );
        },
        { title: doc.title, count: plural(m, locale, 'library.count', 1) },
        { timeout: 15_000 },
      );
      assert.deepEqual(await page.locator('.documents h3').allInnerTexts(), [doc.title]);
      assert.equal(await page.locator('main p[role="status"]').innerText(), plural(m, locale, 'library.count', 1));
      await check('library-filtered');

      // The export links carry the filter, answer 200 and hold the filtered documents only.
      const links = await page.evaluate(() =>
        [...document.querySelectorAll('.exports a')].map((a) => a.getAttribute('href')),
      );
      assert.deepEqual(links, [
        `/export/documents.csv?pillar=PROTECTION&country=${doc.country}&status=PUBLISHED`,
        `/export/documents.json?pillar=PROTECTION&country=${doc.country}&status=PUBLISHED`,
        `/feeds/documents.atom?pillar=PROTECTION&country=${doc.country}&status=PUBLISHED`,
      ]);
      for (const link of links) {
        const response = await fetch(`${server.baseUrl}${link}`);
        assert.equal(response.status, 200, link);
        const text = await response.text();
        assert.ok(text.includes(doc.title), `${link} lists it`);
        if (link.includes('.json')) {
          const rows = JSON.parse(text);
          const list = Array.isArray(rows) ? rows : (rows.documents ?? []);
          assert.equal(list.length, 1, 'only the filtered document');
        }
      }
      const [download] = await Promise.all([page.waitForEvent('download'), press(page, '.exports a[href^="/export/documents.csv"]')]);
      assert.equal(download.suggestedFilename(), 'documents.csv');

      await press(page, `.documents a[href="/library/${encodeURIComponent(doc.id)}"]`);
      await expectHeading(doc.title);
      assert.equal(await page.locator('main h1').getAttribute('lang'), locale);
      const headings = await page.locator('.content h2').allInnerTexts();
      assert.deepEqual(headings, [m['section.context'], m['section.whatWasDone'], m['section.results'], m['doc.body']]);
      assert.match(await page.locator('.terms').innerText(), new RegExp(m['pillar.PROTECTION']));
      assert.equal(await page.locator('#status-heading').count(), 0, 'no workflow history for visitors');
      assert.equal(await page.locator('#attachment-file').count(), 0, 'no upload for visitors');
      const [file] = await Promise.all([page.waitForEvent('download'), press(page, `.attachments a[download="${attachmentName}"]`)]);
      assert.equal(file.suggestedFilename(), attachmentName);
      await check('document');
    });

    it('links a translation and its original both ways', async () => {
      const created = await api(
        server.baseUrl,
        'mutation($input: DocumentInput!) { createDocument(input: $input) { id } }',
        {
          input: {
            title: translationTitle,
            kind: 'GOOD_PRACTICE',
            summary: th ? 'Women in border villages set up safety committees.' : 'Phụ nữ ở các thôn biên giới lập tổ an toàn.',
            language: run.translation,
            translationOf: doc.id,
            pillars: ['PROTECTION'],
          },
        },
        memberToken,
      );
      translationId = created.createDocument.id;
      await api(server.baseUrl, 'mutation($id: ID!) { submitDocument(id: $id) { id } }', { id: translationId }, memberToken);
      await api(
        server.baseUrl,
        'mutation($id: ID!) { reviewDocument(id: $id, decision: PUBLISH) { id } }',
        { id: translationId },
        adminToken,
      );

      await page.reload();
      await expectHeading(doc.title);
      const link = `.translations a[href="/library/${encodeURIComponent(translationId)}"]`;
      await page.waitForSelector(link);
      assert.equal(await page.getAttribute(link, 'lang'), run.translation);
      assert.equal(await page.getAttribute(link, 'hreflang'), run.translation);
      await press(page, link);
      await expectHeading(translationTitle);
      assert.equal(await page.locator('main h1').getAttribute('lang'), run.translation);
      const back = `.translations a[href="/library/${encodeURIComponent(doc.id)}"]`;
      await page.waitForSelector(back);
      assert.equal(await page.getAttribute(back, 'lang'), locale);
      assert.match(await page.locator('.translations').innerText(), new RegExp(m['doc.original']));
      await check('document-translation');
    });

    it('lets a thread cite the document, and the document lists the thread', async () => {
      await signIn(member.email, PASSWORD, '/spaces/protection/new');
      await page.waitForSelector('#cite-pick option[value]:not([value=""])', { state: 'attached' });
      const title = th ? 'เราจะนำคณะกรรมการความปลอดภัยไปใช้ที่อื่นได้ไหม' : 'Could the safety committees work elsewhere?';
      await typeInto(page, '#thread-title', title);
      await typeInto(page, '#thread-body', th ? 'อ่านเอกสารนี้แล้วมีคำถาม' : 'I read this and have a question.');
      // The newest published documents are offered in a list: the translation is the newest.
      await tabTo(page, '#cite-pick');
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.inputValue('#cite-pick'), translationId);
      await press(page, '#cite-pick + button');
      await page.waitForSelector(`.cited a[href="/library/${encodeURIComponent(translationId)}"]`);
      // Any other document by its link; a link that is not a document's says so.
      await typeInto(page, '#cite-link', 'https://example.org/elsewhere');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#cite-link-error');
      assert.equal(await page.locator('#cite-link-error').innerText(), m['cite.badLink']);
      await typeInto(page, '#cite-link', doc.url);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.cited a[href="/library/${encodeURIComponent(doc.id)}"]`);
      assert.equal(await page.locator('#cite-link-error').count(), 0);
      await check('new-thread-cite');
      await press(page, 'main form button[type="submit"]');
      await page.waitForURL('**/threads/**');
      threadId = decodeURIComponent(page.url().split('/threads/')[1]);
      // The address changes before the thread's page replaces the form (which has its own list of
      // cited documents): wait for the thread's heading and its posts first.
      await expectHeading(title);
      await page.waitForSelector('.posts article', { timeout: 15_000 });
      const cited = `main .cited a[href="/library/${encodeURIComponent(doc.id)}"]`;
      await page.waitForSelector(cited);
      assert.equal(await page.locator(cited).innerText(), doc.title);
      assert.equal(await page.locator('main .cited li').count(), 2, 'both cited documents are listed');
      await check('thread-cited');

      await press(page, cited);
      await expectHeading(doc.title);
      await page.waitForSelector(`section[aria-labelledby="related-heading"] a[href="/threads/${encodeURIComponent(threadId)}"]`);
      assert.match(await page.locator('section[aria-labelledby="related-heading"]').innerText(), new RegExp(title.slice(0, 12)));
    });

    it('shows the newly published document on the home page', async () => {
      await press(page, 'header nav a[href="/"]');
      await page.waitForSelector('section[aria-labelledby="library-heading"] .documents');
      const titles = await page.locator('section[aria-labelledby="library-heading"] .documents h3').allInnerTexts();
      assert.ok(titles.includes(doc.title), `home lists ${doc.title}: ${titles}`);
      await check('home-library');
    });

    it('lets the moderator confirm it is current, then archive it', async () => {
      await signOut();
      await signIn(server.admin.email, server.admin.password, `/library/${encodeURIComponent(doc.id)}`);
      await page.waitForSelector('.review button.verify');
      const events = await page.locator('.history li').count();
      await press(page, '.review button.verify');
      // "Still current" keeps the status and adds a dated event to the history.
      await page.waitForFunction((n) => document.querySelectorAll('.history li').length === n + 1, events, { timeout: 10_000 });
      await waitStatus('PUBLISHED');
      assert.equal(await page.locator('.history li:first-child strong').innerText(), m['doc.verifiedEvent']);
      assert.match(await page.locator('main > .meta').innerText(), new RegExp(m['doc.verifiedOn']));
      await tabTo(page, '#review-comment');
      await page.keyboard.type(th ? 'มีฉบับปรับปรุงใหม่แล้ว' : 'Replaced by the 2026 edition.');
      await press(page, '.review button.archive');
      await waitStatus('ARCHIVED');
      assert.match(await page.locator('.history').innerText(), th ? /ฉบับปรับปรุง/ : /2026 edition/);
      await check('document-archived');

      await page.goto(`${server.baseUrl}/review`);
      await page.waitForSelector('section[aria-labelledby="stale-heading"]');
      await check('review-after');

      const data = await api(server.baseUrl, 'query($id: ID!) { document(id: $id) { id } }', { id: doc.id });
      assert.equal(data.document, null, 'an archived document is no longer public');
    });

    it('ran without CSP violations or script errors', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
