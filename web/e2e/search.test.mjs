// Search end to end: content created through the API is found from the header box and the home
// page's box, as you type, with phrases, exclusions, facets, the newest first and paging through
// the address (back button included, stepping through searches made rather than letters typed),
// with how many "show more" has shown kept there for a reload or the way back from a result,
// which returns focus to the result followed (a reload does not), and a word on what was found
// since the first page once "show more" reaches the end (focus staying on the list when that
// last page is empty);
// a bad query shows the server's advice in the viewer's language once typing pauses; a lowercase
// "or" that finds nothing is offered as OR; results waiting for a search, or left from one that
// failed offline, say so; on a phone the results come first and the filters fold away; a private
// space's thread never reaches a signed-out visitor; each result is marked with its language.
// Keyboard only, axe-core on every state, English on a desktop and Thai on a phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, assertNoRawErrors, audit, launch, messages, plural, press, signInByApi, startServer, tabTo, typeInto, waitForHeading } from './harness.mjs';

/** The phone the problems with the filters were found on. */
const PHONE = { width: 390, height: 844 };

const RUNS = [
  { locale: 'en', browserLocale: 'en-GB', viewport: { width: 1280, height: 900 } },
  { locale: 'th', browserLocale: 'th-TH', viewport: { width: 412, height: 915 } },
].filter((run) => !process.env.E2E_LOCALES || process.env.E2E_LOCALES.split(',').includes(run.locale));

const SEARCH = `query($q: String!) { search(query: $q) { totalCount edges { node { title } } } }`;

/** A theme this deployment adds to those the web app ships with, and names in English only. */
const ADDED_THEME = { code: 'water-security', label: 'Water security' };

let server;
before(async () => {
  server = await startServer({ config: `[[taxonomy.themes]]\ncode = "${ADDED_THEME.code}"\nlabel = "${ADDED_THEME.label}"\n` });
});
after(async () => {
  await server?.stop();
});

for (const run of RUNS) {
  const { locale } = run;
  const m = messages(locale);
  const th = locale === 'th';
  // A made-up word per run, so each run finds its own content and nothing from the demo.
  const word = th ? 'bryonywort' : 'quillwort';
  const content = {
    monitors: {
      title: th ? `${word} ผู้ไกล่เกลี่ยหญิงเฝ้าติดตามการหยุดยิง` : `${word} ceasefire monitors`,
      body: th
        ? `ผู้หญิงจากหมู่บ้านชายแดนช่วยกันเฝ้าติดตามแนวหยุดยิง ${word}`
        : `Women mediators from ${word} villages monitored the ceasefire line.`,
    },
    radio: {
      title: th ? `${word} วิทยุชุมชนสำหรับเด็กหญิงผู้พลัดถิ่น` : `${word} radio for displaced girls`,
      body: th ? `รายการวิทยุรายสัปดาห์ของหญิงสาว ${word}` : `A weekly radio show run by young women in ${word}.`,
    },
    reply: th ? `อาสาสมัคร ${word} จดบันทึกทุกเหตุการณ์ร่วมกัน` : `The ${word} volunteers kept a shared logbook of every incident.`,
    secret: { title: th ? `${word} ที่อยู่บ้านพักปลอดภัย` : `${word} shelter addresses`, body: `${word} safe house list` },
  };
  // Enough threads in two spaces to page through, under another made-up word.
  const many = th ? 'moonwort' : 'spleenwort';
  const MANY = { open: 3, more: 22 };
  const manyTotal = MANY.open + MANY.more;
  const excluded = th ? 'วิทยุ' : 'radio';
  const phrase = th ? `${word} "ผู้ไกล่เกลี่ยหญิง"` : `"${word} ceasefire"`;
  const reversed = th ? `${word} "หญิงผู้ไกล่เกลี่ย"` : `"ceasefire ${word}"`;

  describe(`search in ${locale}`, { concurrency: false }, () => {
    let browser;
    let page;
    let adminToken = '';
    let replyId = '';
    let monitorsId = '';
    /** The spaces' API ids (the facet's values). */
    const spaceKeys = { open: '', more: '' };

    const expectHeading = (text) => waitForHeading(page, text);
    const countText = () => page.locator('#search-count').innerText();
    const titles = () => page.locator('.hits .hit h3').allInnerTexts();
    const param = (name) => new URL(page.url()).searchParams.getAll(name);
    const asAdmin = (query, variables) => api(server.baseUrl, query, variables, adminToken);
    /** Waits until a search for `q` counts `n` hits: the index has caught up with a change. */
    async function untilCounted(q, n) {
      for (let attempt = 0; (await api(server.baseUrl, SEARCH, { q })).search.totalCount !== n; attempt++) {
        assert.ok(attempt < 20, `a search for ${q} never counted ${n}`);
        await new Promise((wait) => setTimeout(wait, 250));
      }
    }

    /** Waits until the shown results answer `query` (and, if given, until `ready` holds). */
    async function answered(query, ready = () => true, timeout = 5_000) {
      await page.waitForFunction(
        (q) => {
          const section = document.querySelector('main .results');
          return section?.getAttribute('data-answered') === q && section.getAttribute('aria-busy') === 'false';
        },
        query,
        { timeout },
      );
      const deadline = Date.now() + timeout;
      while (!(await ready())) {
        if (Date.now() > deadline) throw new Error(`the results for ${query} never became as expected: ${await titles()}`);
        await page.waitForTimeout(100);
      }
    }

    /** Types into the search box; new content is indexed within about a second, so retype a few times. */
    async function searchFor(query, ready = () => true) {
      for (let attempt = 0; ; attempt++) {
        await typeInto(page, '#search-query', query);
        try {
          await answered(query, ready, 2_500);
          return;
        } catch (error) {
          if (attempt >= 8) throw error;
          await typeInto(page, '#search-query', '');
        }
      }
    }

    const hasCount = (n) => async () => (await countText()) === plural(m, locale, 'search.count', n);
    const focused = (selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

    /** Unfolds the filters where a narrow screen folds them behind a button. */
    async function openFilters() {
      const toggle = page.locator('.facets-toggle');
      if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) === 'false') {
        await press(page, '.facets-toggle');
        await page.waitForSelector('#facet-panel', { state: 'visible' });
      }
    }

    async function check(name) {
      await audit(page, locale, name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the window`);
      await assertNoRawErrors(page);
    }

    before(async () => {
      browser = await launch(run.browserLocale, run.viewport);
      page = browser.page;
      adminToken = (await signInByApi(server.baseUrl, server.admin.email, server.admin.password)).token;
      const space = async (slug, visibility) =>
        (
          await api(
            server.baseUrl,
            'mutation($input: CreateSpaceInput!) { createSpace(input: $input) { id } }',
            { input: { slug, name: `${slug} space`, visibility } },
            adminToken,
          )
        ).createSpace.id;
      const thread = async (spaceId, { title, body }, tags = []) =>
        (
          await api(
            server.baseUrl,
            'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }',
            { input: { spaceId, title, body, tags } },
            adminToken,
          )
        ).createThread.id;
      const open = await space(`search-open-${locale}`, 'PUBLIC');
      const closed = await space(`search-vault-${locale}`, 'PRIVATE');
      monitorsId = await thread(open, content.monitors, ['ceasefire']);
      await thread(open, content.radio, ['media']);
      replyId = (
        await api(
          server.baseUrl,
          'mutation($input: ReplyInput!) { reply(input: $input) { id } }',
          { input: { threadId: monitorsId, body: content.reply } },
          adminToken,
        )
      ).reply.id;
      await thread(closed, content.secret);
      const more = await space(`search-more-${locale}`, 'PUBLIC');
      for (const [key, id] of [['open', open], ['more', more]]) {
        spaceKeys[key] = id;
        for (let i = 1; i <= MANY[key]; i++) {
          const title = th ? `${many} บันทึกภาคสนาม ${key} ${i}` : `${many} field note ${key} ${i}`;
          await thread(id, { title, body: th ? `บันทึก ${many} ฉบับที่ ${i}` : `Field note ${i} about ${many}.` });
        }
      }
    });
    after(async () => {
      await browser?.close();
    });

    it('finds new content from the header search box, without the private thread', async () => {
      await page.goto(`${server.baseUrl}/library`);
      await page.waitForSelector('main .documents, main .muted');
      await typeInto(page, '#site-search', word);
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/search?q=${word}`);
      await expectHeading(m['search.title']);
      assert.ok(await page.evaluate(() => document.activeElement?.matches('main h1')), 'focus moves to the heading');
      assert.equal(await page.locator('header #site-search').count(), 0, 'the page has one search box');
      // Three readable hits: two threads and a reply. Retype until the index has caught up.
      for (let attempt = 0; !(await hasCount(3)()); attempt++) {
        assert.ok(attempt < 10, `never found 3 results, last: ${await countText()}`);
        await page.waitForTimeout(500);
        await searchFor(word);
      }
      assert.equal(await page.locator('#search-count').getAttribute('aria-live'), 'polite');
      assert.equal(await page.getAttribute('#search-query', 'maxlength'), '500', 'the server’s limit');
      const shown = await titles();
      assert.ok(shown.every((t) => !t.includes(content.secret.title)), 'the private thread is not shown');
      // The private thread is indexed: an admin finds it; the visitor never does.
      const forAdmin = await api(server.baseUrl, SEARCH, { q: word }, adminToken);
      assert.equal(forAdmin.search.totalCount, 4);
      assert.ok(forAdmin.search.edges.some((e) => e.node.title === content.secret.title));
      const forVisitor = await api(server.baseUrl, SEARCH, { q: `${word} ${th ? 'บ้านพัก' : 'shelter'}` });
      assert.ok(forVisitor.search.edges.every((e) => e.node.title !== content.secret.title));

      // Kind badges, and a reply links to its thread at the post.
      const badges = await page.locator('.hits .hit .badge').allInnerTexts();
      assert.deepEqual([...new Set(badges)].sort(), [m['search.kind.post'], m['search.kind.thread']].sort());
      const replyLink = page.locator('.hits .hit[data-kind="post"] h3 a');
      assert.equal(await replyLink.getAttribute('href'), `/threads/${monitorsId}#post-${replyId}`);
      await check('search');
    });

    it('marks the matches in the snippets', async () => {
      const marks = await page.locator('.hits .snippet mark').allInnerTexts();
      assert.ok(marks.length > 0, 'some words are marked');
      assert.ok(marks.every((text) => text.toLowerCase() === word), `only the searched word is marked: ${marks}`);
      const style = await page.locator('.hits .snippet mark').first().evaluate((el) => getComputedStyle(el).fontWeight);
      assert.ok(Number(style) >= 600, 'marks are bold as well as coloured');
    });

    it('searches as you type, before the word is complete, and keeps the query in the address', async () => {
      await typeInto(page, '#search-query', '');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
      const partial = word.slice(0, -3);
      await tabTo(page, '#search-query');
      await page.keyboard.type(partial, { delay: 40 });
      await answered(partial, hasCount(3));
      assert.deepEqual(param('q'), [partial]);
      assert.ok((await titles()).includes(content.monitors.title));
    });

    it('waits for a second letter before searching as you type, and searches a single one on Enter', async () => {
      await typeInto(page, '#search-query', '');
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('q'));
      let searches = 0;
      const counted = (request) => {
        if (request.url().endsWith('/graphql') && request.postData()?.includes('query Search(')) searches++;
      };
      page.on('request', counted);
      try {
        // Typed on without a pause, a first letter shows no hint at all.
        await page.evaluate(() => {
          window.hinted = false;
          new MutationObserver(() => {
            window.hinted ||= document.getElementById('search-keep-typing') !== null;
          }).observe(document.body, { childList: true, subtree: true });
        });
        const start = word.slice(0, 4);
        await tabTo(page, '#search-query');
        await page.keyboard.type(start, { delay: 40 });
        await answered(start);
        assert.equal(await page.evaluate(() => window.hinted), false, 'no hint while typing on');
        await typeInto(page, '#search-query', '');
        searches = 0;

        // A first letter alone: the hint once typing pauses, and no search.
        const letter = [...word][0];
        await page.keyboard.type(letter);
        await page.waitForSelector('#search-keep-typing');
        // Past the pause after which a search as you type is made.
        await page.waitForTimeout(800);
        assert.equal(searches, 0, 'no search for a lone first letter');
        assert.equal(await page.locator('#search-empty').count(), 0, 'no "nothing matches" before the second');
        await page.keyboard.press('Enter');
        await answered(letter);
        assert.equal(searches, 1, 'Enter searches it');
        assert.equal(await page.locator('#search-keep-typing').count(), 0);
        // A space after it changes nothing the search reads: its results stay.
        await page.keyboard.type(' ');
        await page.waitForTimeout(800);
        assert.equal(await page.locator('#search-keep-typing').count(), 0, 'the results still answer the box');
        await answered(letter);
        // Enter on what is shown already asks for nothing more.
        await page.keyboard.press('Enter');
        await page.waitForTimeout(300);
        assert.equal(searches, 1, 'Enter on the answered query');
      } finally {
        page.off('request', counted);
      }
    });

    it('matches a phrase only in its order', async () => {
      await searchFor(phrase, async () => (await titles()).length > 0);
      assert.ok((await titles()).every((t) => t === content.monitors.title), 'only the phrase matches');
      await searchFor(reversed);
      await page.waitForSelector('#search-empty').catch(async (error) => {
        console.log(reversed, await countText(), await titles());
        throw error;
      });
      assert.match(await page.locator('#search-empty').innerText(), new RegExp(m['search.noneHint'].slice(0, 12)));
      await check('search-none');
    });

    it('finds a phrase as it is typed, before its closing quotation mark, and closes it on Enter', async () => {
      const typing = phrase.slice(0, -4);
      await searchFor(typing, async () => (await titles()).includes(content.monitors.title));
      assert.equal(await page.locator('#search-error').count(), 0);
      // Typed whole but for its closing mark, and asked for: the phrase, closed.
      await typeInto(page, '#search-query', phrase.slice(0, -1));
      await page.keyboard.press('Enter');
      await answered(phrase, async () => (await titles()).length > 0);
      assert.equal(await page.inputValue('#search-query'), phrase);
      assert.ok((await titles()).every((t) => t === content.monitors.title), 'only the phrase matches');
    });

    it('leaves out an excluded word', async () => {
      await searchFor(`${word} -${excluded}`, hasCount(2));
      assert.ok(!(await titles()).includes(content.radio.title));
    });

    it('narrows by a facet with the count updating, and the back button undoes it', async () => {
      await searchFor(word, hasCount(3));
      await openFilters();
      const replies = '.facets button[data-facet="kind"][data-value="post"]';
      assert.match(await page.locator(replies).innerText(), /1/);
      await press(page, replies);
      await answered(word, hasCount(1));
      assert.equal(await page.locator(replies).getAttribute('aria-pressed'), 'true');
      assert.deepEqual(param('kind'), ['post']);
      assert.deepEqual(
        await page.locator('.hits .hit').evaluateAll((els) => els.map((el) => el.getAttribute('data-kind'))),
        ['post'],
      );
      await check('search-facet');
      await page.goBack();
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('kind'));
      await answered(word, hasCount(3));
      assert.equal(await page.locator(replies).getAttribute('aria-pressed'), 'false');
    });

    it('steps back through the searches made, not through each letter typed', async () => {
      // Arrived at by the back button: a search made. Typing a new one adds an entry for it.
      const narrowed = `${word} -${excluded}`;
      await searchFor(narrowed, hasCount(2));
      // Made with Enter: typing the next adds another.
      await page.keyboard.press('Enter');
      await answered(narrowed, hasCount(2));
      await searchFor(phrase);
      await page.goBack();
      await answered(narrowed, hasCount(2));
      assert.equal(await page.inputValue('#search-query'), narrowed);
      await page.goBack();
      await answered(word, hasCount(3));
      assert.deepEqual(param('q'), [word]);
    });

    it('orders by newest first', async () => {
      await openFilters();
      await tabTo(page, '#search-order');
      await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('order') === 'newest');
      await answered(word, hasCount(3));
      // The reply was written last (the private thread after it is not readable).
      assert.equal(await page.locator('.hits .hit').first().getAttribute('data-kind'), 'post');
      assert.equal(await page.inputValue('#search-order'), 'NEWEST');
    });

    it('shows the next page of results with "show more", and moves focus to the first new one', async () => {
      await searchFor(many, hasCount(manyTotal));
      assert.equal((await titles()).length, 20);
      await tabTo(page, '#search-more');
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('.hits .hit').length === n, manyTotal);
      const shown = await titles();
      assert.equal(new Set(shown).size, manyTotal, 'no result twice');
      assert.equal(await page.locator('#search-more').count(), 0, 'nothing more to show');
      assert.equal(await page.locator('#search-since').count(), 0, 'nothing found since');
      assert.ok(
        await page.evaluate(() => document.activeElement === document.querySelector('.hits > li:nth-child(21) h3 a')),
        'focus is on the first new result',
      );
      await page.waitForFunction(
        (text) => document.querySelector('[aria-live="polite"].visually-hidden')?.textContent === text,
        plural(m, locale, 'search.shown', manyTotal),
      );
      await check('search-more');
    });

    it('keeps how many results are shown in the address, so a reload and the back button show them again', async () => {
      // "Show more" replaced the address's entry (it is the same search) with how many are shown.
      assert.deepEqual(param('shown'), [String(manyTotal)]);
      const shown = await titles();
      assert.equal(shown.length, manyTotal);
      const all = async () => (await titles()).length === manyTotal;
      await page.reload();
      await answered(many, all);
      assert.deepEqual(await titles(), shown, 'after a reload, the same results in the same order');
      assert.equal(await page.locator('#search-since').count(), 0, 'nothing found since');
      assert.ok(await hasCount(manyTotal)());

      // Follow a result "show more" brought, and come back to the same results.
      await press(page, '.hits > li:nth-child(22) h3 a');
      await page.waitForURL('**/threads/**');
      await expectHeading(shown[21]);
      await page.goBack();
      await expectHeading(m['search.title']);
      await answered(many, all);
      assert.deepEqual(await titles(), shown, 'back from a result, the same results in the same order');
      assert.deepEqual(param('shown'), [String(manyTotal)]);
      assert.ok(
        await page.evaluate(() => document.activeElement === document.querySelector('.hits > li:nth-child(22) h3 a')),
        'focus is back on the result that was followed, not the heading',
      );
      await check('search-shown');

      // A reload of that page is not a way back: the same results, but focus does not jump to one.
      await page.reload();
      await answered(many, all);
      await page.evaluate(() => new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))));
      assert.ok(!(await focused('.hits a')), 'after a reload, no result is focused');

      // A new search starts again from the first page, and the address says so.
      await searchFor(many, async () => (await titles()).length === 20);
      assert.deepEqual(param('shown'), []);
      assert.equal(await page.locator('#search-more').count(), 1);

      // A number in the address that is not one, or is more than the server gives at once, is no error.
      for (const [value, count] of [
        ['lots', 20],
        ['-40', 20],
        ['1e9', 20],
        ['100000', manyTotal],
      ]) {
        await page.goto(`${server.baseUrl}/search?q=${encodeURIComponent(many)}&shown=${value}`);
        await answered(many, async () => (await titles()).length === count);
        assert.ok(await hasCount(manyTotal)(), `shown=${value}`);
        assert.equal(await page.locator('main .notice.error').count(), 0, `shown=${value}`);
      }
      assert.deepEqual(param('shown'), [String(manyTotal)], 'the address says how many are shown');
    });

    it('says how many were found since the first page once "show more" reaches the end, and searches again', async () => {
      const since = th ? 'pipewort' : 'bladderwort';
      const post = (title) =>
        asAdmin('mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }', {
          input: { spaceId: spaceKeys.more, title, body: `${since} notes` },
        });
      for (let i = 1; i <= 21; i++) await post(`${since} ${i}`);
      await untilCounted(since, 21);
      await searchFor(since, hasCount(21));
      // Two that rank above every other, posted while the first page is read.
      for (let i = 1; i <= 2; i++) await post(`${since} ${since} ${since} new ${i}`);
      await untilCounted(since, 23);
      await tabTo(page, '#search-more');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#search-since');
      assert.equal((await titles()).length, 21, 'the pages keep the first page\'s order: the new ones are not among them');
      const note = await page.locator('#search-since').innerText();
      assert.ok(note.includes(plural(m, locale, 'search.since', 2)), note);
      await check('search-since');
      await tabTo(page, '#search-again');
      await page.keyboard.press('Enter');
      await answered(since, async () => (await titles()).length === 20 && (await hasCount(23)()));
      assert.ok((await titles()).slice(0, 2).every((title) => title.includes('new')), 'the new ones come first');
      await page.waitForFunction(() => document.activeElement === document.querySelector('.hits > li:first-child h3 a'));
      assert.equal(await page.locator('#search-since').count(), 0);
      assert.deepEqual(param('shown'), []);
      // Back to the search the tests after this one start from.
      await searchFor(many, async () => (await titles()).length === 20);
    });

    it('says so, and moves focus to "search again", when "show more" finds its page deleted since', async () => {
      const gone = th ? 'lungwort' : 'mugwort';
      const { createThread } = await asAdmin(
        'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }',
        { input: { spaceId: spaceKeys.more, title: th ? 'บันทึกการประชุม' : 'Meeting notes', body: th ? 'วาระ' : 'Agenda' } },
      );
      const reply = 'mutation($input: ReplyInput!) { reply(input: $input) { id } }';
      for (let i = 1; i <= 21; i++) await asAdmin(reply, { input: { threadId: createThread.id, body: `${gone} ${i}` } });
      await untilCounted(gone, 21);
      const ranked = `query($q: String!) { search(query: $q, first: 30) { edges { node { node { ... on Post { id } } } } } }`;
      const order = (await api(server.baseUrl, ranked, { q: gone })).search.edges.map((edge) => edge.node.node.id);
      await searchFor(gone, hasCount(21));
      // The one reply the second page holds is deleted while the first is read.
      await asAdmin('mutation($id: ID!) { deletePost(id: $id) { id } }', { id: order[20] });
      await untilCounted(gone, 20);
      await tabTo(page, '#search-more');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#search-more', { state: 'detached' });
      assert.equal((await titles()).length, 20);
      assert.ok((await page.locator('#search-since').innerText()).includes(m['search.gone']));
      await page.waitForFunction(() => document.activeElement?.id === 'search-again');
      await page.waitForFunction(
        (text) => document.querySelector('[aria-live="polite"].visually-hidden')?.textContent === text,
        `${plural(m, locale, 'search.shown', 20)} ${m['search.gone']}`,
      );
      await searchFor(many, async () => (await titles()).length === 20);
    });

    it('says when results were deleted since at the first "show more", and shows each result once', async () => {
      const gone = th ? 'ragwort' : 'moneywort';
      const { createThread } = await asAdmin(
        'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }',
        { input: { spaceId: spaceKeys.more, title: th ? 'บันทึกภาคสนาม' : 'Field notes', body: th ? 'วาระ' : 'Agenda' } },
      );
      const reply = 'mutation($input: ReplyInput!) { reply(input: $input) { id } }';
      for (let i = 1; i <= 45; i++) await asAdmin(reply, { input: { threadId: createThread.id, body: `${gone} ${i}` } });
      await untilCounted(gone, 45);
      const ranked = `query($q: String!) { search(query: $q, first: 50) { edges { node { node { ... on Post { id } } } } } }`;
      const order = (await api(server.baseUrl, ranked, { q: gone })).search.edges.map((edge) => edge.node.node.id);
      await searchFor(gone, hasCount(45));
      // While the first page is read, three of its results are deleted, and one is edited so that
      // it ranks last, which brings it again among the pages after the first.
      for (const id of order.slice(0, 3)) await asAdmin('mutation($id: ID!) { deletePost(id: $id) { id } }', { id });
      const longer = `${gone} ${'notes '.repeat(300)}`;
      await asAdmin('mutation($input: EditPostInput!) { editPost(input: $input) { id } }', { input: { id: order[3], body: longer } });
      await untilCounted(gone, 42);
      const links = () => page.locator('.hits .hit h3 a').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
      await press(page, '#search-more');
      await page.waitForSelector('#search-since');
      assert.ok(await hasCount(42)());
      assert.ok((await page.locator('#search-since').innerText()).includes(m['search.gone']));
      await check('search-gone');
      while (await page.locator('#search-more').count()) {
        const before = (await titles()).length;
        await press(page, '#search-more');
        await page.waitForFunction((n) => document.querySelectorAll('.hits .hit').length > n, before);
      }
      const shown = await links();
      assert.equal(new Set(shown).size, shown.length, 'no result twice');
      assert.equal(shown.length, 45, 'the deleted ones stay where they were read, the edited one once');
      await press(page, '#search-again');
      await answered(gone, async () => (await titles()).length === 20 && (await hasCount(42)()));
      assert.equal(await page.locator('#search-since').count(), 0);
      await searchFor(many, async () => (await titles()).length === 20);
    });

    it('shows again more results than the server gives at once, after a reload and back from the 103rd', { skip: locale !== 'en' && 'in one language is enough' }, async () => {
      const deep = 'stitchwort';
      const count = 105;
      const create = 'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }';
      for (let i = 1; i <= count; i++) {
        await asAdmin(create, { input: { spaceId: spaceKeys.more, title: `${deep} ${i}`, body: `${deep} notes ${i}` } });
      }
      await untilCounted(deep, count);
      await searchFor(deep, hasCount(count));
      for (let shown = 20; shown < count; shown += 20) {
        await press(page, '#search-more');
        await page.waitForFunction((n) => document.querySelectorAll('.hits .hit').length === n, Math.min(shown + 20, count));
      }
      assert.deepEqual(param('shown'), [String(count)]);
      const listed = await titles();
      const all = async () => (await titles()).length === count;
      await page.reload();
      await answered(deep, all);
      assert.deepEqual(await titles(), listed, 'after a reload, all of them in the same order');
      assert.deepEqual(param('shown'), [String(count)]);

      await press(page, '.hits > li:nth-child(103) h3 a');
      await page.waitForURL('**/threads/**');
      await expectHeading(listed[102]);
      await page.goBack();
      await answered(deep, all);
      await page.waitForFunction(() => document.activeElement === document.querySelector('.hits > li:nth-child(103) h3 a'));
      await searchFor(many, async () => (await titles()).length === 20);
    });

    it('narrows by a year to what its count promised: a report under its own year, not its publication\'s; names themes', async () => {
      const dated = th ? 'woundwort' : 'figwort';
      const { createDocument } = await asAdmin(
        'mutation($input: DocumentInput!) { createDocument(input: $input) { id } }',
        { input: { title: `${dated} ${th ? 'รายงานปี 2019' : 'report of 2019'}`, kind: 'REPORT', summary: dated, language: locale, year: 2019, themes: ['disaster-response', ADDED_THEME.code] } },
      );
      await asAdmin('mutation($id: ID!) { submitDocument(id: $id) { id } }', { id: createDocument.id });
      await asAdmin('mutation($id: ID!) { reviewDocument(id: $id, decision: PUBLISH) { id } }', { id: createDocument.id });
      await asAdmin(
        'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }',
        { input: { spaceId: spaceKeys.open, title: `${dated} ${th ? 'บันทึก' : 'notes'}`, body: dated } },
      );
      await untilCounted(dated, 2);
      await searchFor(dated, hasCount(2));
      await openFilters();
      // A document's themes are among the tags, named in the viewer's language.
      const theme = await page.locator('.facets button[data-facet="tag"][data-value="disaster-response"]').innerText();
      assert.ok(theme.includes(m['theme.disaster-response']), theme);
      // A theme the deployment added is named as the taxonomy names it, and said to be English.
      const added = page.locator(`.facets button[data-facet="tag"][data-value="${ADDED_THEME.code}"]`);
      await page.waitForFunction(
        ([code, label]) => document.querySelector(`.facets button[data-facet="tag"][data-value="${code}"]`)?.textContent?.includes(label),
        [ADDED_THEME.code, ADDED_THEME.label],
        { timeout: 10_000 },
      );
      assert.equal(await added.locator('[lang]').getAttribute('lang'), 'en');
      const year = '.facets button[data-facet="year"][data-value="2019"]';
      assert.equal(await page.locator(`${year} .count`).innerText(), '1');
      // In the calendar the page's dates are in: the Buddhist era's in Thai.
      assert.ok((await page.locator(year).innerText()).includes(th ? 'พ.ศ. 2562' : '2019'));
      await press(page, year);
      await answered(dated, hasCount(1));
      assert.deepEqual(param('year'), ['2019']);
      assert.deepEqual(await titles(), [`${dated} ${th ? 'รายงานปี 2019' : 'report of 2019'}`]);
      await page.goBack();
      await answered(dated, hasCount(2));
      await searchFor(many, async () => (await titles()).length === 20);
    });

    it('puts the results and their count first on a phone, with the filters folded behind one button', async () => {
      await page.setViewportSize(PHONE);
      try {
        // As the page first shows on a phone.
        await page.reload();
        await answered(many, hasCount(manyTotal));
        const toggle = page.locator('.facets-toggle');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        assert.equal((await toggle.innerText()).trim(), m['search.filtersShow']);
        assert.equal(await page.locator('#facet-panel').isVisible(), false, 'the filters are folded');
        const count = await page.locator('#search-count').boundingBox();
        const first = await page.locator('.hits .hit h3 a').first().boundingBox();
        assert.ok(count.y < first.y, 'the count comes before the results');
        assert.ok(first.y + first.height <= PHONE.height, `the first result is on the first screen (at ${first.y}px)`);
        await check('search-phone');

        // Unfolded, the filters are the next stops after their button, and say how many are on.
        await press(page, '.facets-toggle');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        await page.keyboard.press('Tab');
        assert.ok(await focused('#facet-panel #search-order'), 'the panel follows its button');
        await press(page, `.facets button[data-facet="space"][data-value="${spaceKeys.more}"]`);
        await answered(many, hasCount(MANY.more));
        assert.equal((await toggle.innerText()).trim(), plural(m, locale, 'search.filtersActive', 1));
        await check('search-phone-filters');
        await page.goBack();
        await answered(many, hasCount(manyTotal));
      } finally {
        await page.setViewportSize(run.viewport);
      }
      if (run.viewport.width >= 1000) {
        // Wide enough, the filters stand beside the results with no button to open them.
        assert.equal(await page.locator('.facets-toggle').isVisible(), false);
        const facets = await page.locator('.facets').boundingBox();
        const results = await page.locator('.results').boundingBox();
        assert.ok(facets.x + facets.width <= results.x, 'the filters are beside the results');
      }
    });

    it('skips from the search box past the filters to the results in a few key presses', async () => {
      await tabTo(page, '#search-query');
      let presses = 0;
      while (!(await focused('main .skip'))) {
        assert.ok(++presses <= 2, 'the skip link comes right after the box');
        await page.keyboard.press('Tab');
      }
      const skip = await page.locator('main .skip').boundingBox();
      assert.ok(skip.width > 20 && skip.height >= 40, 'the skip link shows when focused');
      assert.equal(await page.locator('main .skip').innerText(), m['search.skipToResults']);
      await page.keyboard.press('Enter');
      assert.ok(await focused('#results-heading'), 'focus moves to the results');
      await page.keyboard.press('Tab');
      assert.ok(await focused('.hits > li:first-child h3 a'), 'the next stop is the first result');
    });

    it('narrows by space, each named in the facet, the others still offered; leaves out values a link holds that are not offered', async () => {
      await openFilters();
      const facet = '.facets button[data-facet="space"]';
      await page.waitForFunction((s) => document.querySelectorAll(s).length === 2, facet);
      const open = `${facet}[data-value="${spaceKeys.open}"]`;
      const more = `${facet}[data-value="${spaceKeys.more}"]`;
      assert.match(await page.locator(open).innerText(), new RegExp(`search-open-${locale} space\\s+${MANY.open}`));
      assert.match(await page.locator(more).innerText(), new RegExp(`search-more-${locale} space\\s+${MANY.more}`));
      await press(page, open);
      await answered(many, hasCount(MANY.open));
      assert.deepEqual(param('space'), [spaceKeys.open]);
      assert.equal(await page.locator(open).getAttribute('aria-pressed'), 'true');
      const places = await page.locator('.hits .hit .meta').allInnerTexts();
      assert.ok(places.length === MANY.open && places.every((text) => text.includes(`search-open-${locale} space`)), `${places}`);
      await check('search-space');
      // The other space stays on offer with what it would add; chosen too, both are searched.
      assert.equal(await page.locator(more).getAttribute('aria-pressed'), 'false');
      assert.match(await page.locator(more).innerText(), new RegExp(`search-more-${locale} space\\s+${MANY.more}`));
      await press(page, more);
      await answered(many, hasCount(manyTotal));
      assert.deepEqual(param('space').sort(), [spaceKeys.open, spaceKeys.more].sort());
      await page.goBack();
      await answered(many, hasCount(MANY.open));
      await page.goBack();
      await page.waitForFunction(() => !new URL(location.href).searchParams.has('space'));
      await answered(many, hasCount(manyTotal));

      // A link with values the filters do not offer: they are left out, said so, and the search
      // goes on with the rest.
      const link = (filters) => `${server.baseUrl}/search?q=${encodeURIComponent(many)}&${filters}`;
      await page.goto(link(`country=XX&space=${spaceKeys.open}`));
      await answered(many, hasCount(MANY.open));
      assert.deepEqual([param('country'), param('space')], [[], [spaceKeys.open]]);
      assert.equal(await page.locator('#search-filter-dropped').innerText(), m['search.filterDropped']);
      await check('search-filter-dropped');
      // A country the taxonomy lists is kept beside one the server refused.
      await page.goto(link(`country=XX&country=th&space=${spaceKeys.open}`));
      await answered(many, hasCount(0));
      assert.deepEqual(param('country'), ['TH']);
      assert.equal(await page.locator('#search-filter-dropped').innerText(), m['search.filterDropped']);
      // Two facets with values the server refuses: both are left out after its first refusal,
      // rather than the second refused one search later.
      const searches = [];
      const onRequest = (request) => {
        if (request.url().endsWith('/graphql') && /query Search\b/.test(request.postData() ?? '')) searches.push(request);
      };
      page.on('request', onRequest);
      try {
        await page.goto(link(`country=XX&lang=qq&lang=km&space=${spaceKeys.open}`));
        await answered(many, hasCount(0));
      } finally {
        page.off('request', onRequest);
      }
      assert.deepEqual([param('country'), param('lang')], [[], ['km']]);
      assert.equal(searches.length, 2, 'searched once after the refusal');
      assert.equal(await page.locator('#search-filter-dropped').innerText(), m['search.filterDropped']);
      // Values the web app itself does not offer: left out of the address too, and said so.
      // A country code in lowercase is written as the facet writes it.
      await page.goto(link(`kind=foo&year=abc&country=th&space=${spaceKeys.open}`));
      await answered(many, hasCount(0));
      assert.deepEqual([param('kind'), param('year'), param('country')], [[], [], ['TH']]);
      await page.goto(link(`kind=foo&year=abc&space=${spaceKeys.open}`));
      await answered(many, hasCount(MANY.open));
      assert.deepEqual([param('kind'), param('year'), param('space')], [[], [], [spaceKeys.open]]);
      assert.equal(await page.locator('#search-filter-dropped').innerText(), m['search.filterDropped']);
      await page.goto(link('space=bogus'));
      await answered(many, hasCount(manyTotal));
      assert.deepEqual(param('space'), []);
      await openFilters();
      const named = await page.locator(facet).allInnerTexts();
      assert.ok(named.length === 2 && !named.some((text) => text.includes(m['common.loading'])), `${named}`);
      await typeInto(page, '#search-query', many);
      await page.waitForSelector('#search-filter-dropped', { state: 'detached' });
    });

    it('explains a query it cannot read once typing pauses, politely, with the server’s advice', async () => {
      await searchFor(word, hasCount(3));
      await page.evaluate(() => {
        window.errorShown = false;
        new MutationObserver(() => {
          window.errorShown ||= document.querySelector('#search-error') !== null;
        }).observe(document.querySelector('main'), { childList: true, subtree: true });
      });
      // Slower than the search waits for (so each key searches), quicker than an error waits for.
      await typeInto(page, '#search-query', '');
      await page.keyboard.type(`"${word}"`, { delay: 350 });
      await answered(`"${word}"`, hasCount(3));
      assert.equal(await page.evaluate(() => window.errorShown), false, 'no error while the phrase was being typed');

      await page.keyboard.type(' OR', { delay: 350 });
      // Until the pause, the earlier results stay, marked as waiting.
      await page.waitForFunction(() => document.querySelector('main .results')?.getAttribute('aria-busy') === 'true');
      assert.ok((await titles()).length > 0, 'the earlier results stay meanwhile');
      await page.waitForSelector('#search-error');
      assert.equal(await page.locator('#search-error p').first().innerText(), m['search.error.or']);
      assert.ok(await page.locator('#search-error').evaluate((el) => el.parentElement?.getAttribute('role') === 'status'));
      assert.equal(await page.locator('main [role="alert"]').count(), 0, 'not an alert');
      assert.equal(await page.locator('.hits').count(), 0, 'no results for a query that cannot be read');
      await check('search-bad-query');
    });

    it('offers OR in capitals when a lowercase "or" between words finds nothing', async () => {
      const lower = `${excluded} or ${many}`;
      const upper = `${excluded} OR ${many}`;
      await searchFor(lower, async () => (await page.locator('#search-empty').count()) > 0);
      assert.equal(await page.locator('#search-or button').innerText(), m['search.orTry'].replace('{query}', upper));
      await check('search-or');
      await press(page, '#search-or button');
      await answered(upper, async () => (await titles()).length > MANY.open);
      assert.deepEqual(param('q'), [upper]);
      assert.equal(await page.inputValue('#search-query'), upper);
      assert.ok(await focused('#search-query'), 'focus goes back to the box');
    });

    it('marks the results as outdated while a search is on its way, and after it failed offline', async () => {
      await searchFor(word, hasCount(3));
      // The searches cannot reach the server; the names of spaces still can.
      await page.route('**/graphql', (route) =>
        /query Search\b/.test(route.request().postData() ?? '') ? route.abort('internetdisconnected') : route.continue(),
      );
      const query = `${word} ${excluded}`;
      try {
        await tabTo(page, '#search-query');
        await page.keyboard.press('End');
        await page.keyboard.type(` ${excluded}`);
        await page.waitForSelector('main .results[aria-busy="true"] #search-busy');
        assert.equal(await page.locator('#search-busy').innerText(), m['search.searching']);
        assert.equal((await titles()).length, 3, 'the earlier results stay meanwhile');
        const opacity = await page.locator('.hits').evaluate((el) => Number(getComputedStyle(el).opacity));
        assert.ok(opacity < 1, 'and are dimmed');
        await page.waitForSelector('.status-line .notice');
        await check('search-busy');

        // The retries give up after about half a minute.
        await page.waitForSelector('#search-stale', { timeout: 45_000 });
        assert.equal(await page.getAttribute('main .results', 'aria-busy'), 'false');
        assert.equal(await page.locator('#search-stale').innerText(), m['search.stale']);
        assert.equal(await page.locator('main .notice.error p').first().innerText(), m['error.network']);
        assert.equal((await titles()).length, 3, 'the earlier results are still there to read');
        assert.ok(await hasCount(3)());
        await check('search-offline');
      } finally {
        await page.unroute('**/graphql');
      }
      await press(page, 'main .notice.error button');
      await answered(query, hasCount(1));
      assert.equal(await page.locator('#search-stale').count(), 0);
    });

    if (th) {
      it('finds Thai text by a Thai word', async () => {
        await searchFor('ไกล่เกลี่ย', async () => (await titles()).includes(content.monitors.title));
        assert.ok((await page.locator('.hits .snippet mark').allInnerTexts()).includes('ไกล่เกลี่ย'));
      });
    }

    it('marks each result with the language the server read it in', async () => {
      // Tagalog, which the app's own guess does not know: only the server's reading names it.
      const tlWord = th ? 'horsetail' : 'clubmoss';
      const tagalog = {
        title: `${tlWord} Pagbuo ng kapayapaan sa barangay`,
        body: `Pinangunahan ng mga kababaihan ang pag-aayos ng mga alitan sa lupa sa barangay ${tlWord}`,
      };
      const threadId = (
        await api(
          server.baseUrl,
          'mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }',
          { input: { spaceId: spaceKeys.open, ...tagalog } },
          adminToken,
        )
      ).createThread.id;
      const reply = (body) =>
        api(server.baseUrl, 'mutation($input: ReplyInput!) { reply(input: $input) { id } }', { input: { threadId, body } }, adminToken);
      await reply(`Tinulungan ng mga kabataan na itala ang bawat kaso ng alitan sa komunidad ${tlWord}`);
      // A short English aside in the Tagalog discussion is not taken for Tagalog.
      await reply(`Thanks for this ${tlWord}`);
      await searchFor(tlWord, hasCount(3));
      const thread = page.locator('.hits .hit[data-kind="thread"]');
      assert.equal(await thread.locator('h3 a').getAttribute('lang'), 'tl');
      assert.equal(await thread.locator('.snippet').getAttribute('lang'), 'tl');
      const replies = page.locator('.hits .hit[data-kind="post"] .snippet');
      const langs = Object.fromEntries(
        await replies.evaluateAll((snippets) => snippets.map((p) => [p.textContent.startsWith('Thanks') ? 'aside' : 'tagalog', p.lang])),
      );
      assert.deepEqual(langs, { tagalog: 'tl', aside: 'en' });
    });

    it('searches from the home page’s box', async () => {
      await page.goto(`${server.baseUrl}/`);
      await page.waitForSelector('#home-search');
      await typeInto(page, '#home-search', `${word} ${excluded}`);
      await page.keyboard.press('Enter');
      await expectHeading(m['search.title']);
      await answered(`${word} ${excluded}`, hasCount(1));
      assert.equal(await page.inputValue('#search-query'), `${word} ${excluded}`);
      await page.goBack();
      await page.waitForSelector('#home-search');
      await check('home-search');
    });

    it('ran without CSP violations or script errors', () => {
      assert.deepEqual(browser.problems, []);
    });
  });
}
