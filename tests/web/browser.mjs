// tests/web/browser.mjs URL EXAMPLE OUTDIR: a clerk's walk through `jixiao
// serve` in Debian's chromium, driven by playwright-core (tests/web/check.sh).
// Upload the fixture, find the 16 projects, open 妇联工作经费, change the
// satisfaction actual from 98% to 100% and see the indicator become 10 and
// the total change before saving, save, see the new version in 历史, and
// download the XLSX.  A screenshot of each page goes to OUTDIR/web-*.png.
// Each step that fails throws: the last line says which.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [url, example, out] = process.argv.slice(2);
const step = (what) => { console.log('step: ' + what); };
const expect = (cond, what) => { if (!cond) throw new Error('failed: ' + what); };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
const shot = (name) => page.screenshot({ path: `${out}/web-${name}.png`, fullPage: true });

try {
  step('upload the fixture');
  await page.goto(url + '/upload');
  await page.setInputFiles('input[type=file]', example);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const added = await page.textContent('#results tbody tr td:nth-child(3)');
  const verdict = await page.textContent('#results tbody tr td:nth-child(2)');
  expect(verdict === '已导入' && added === '16', 'the result page says 16 added: ' + verdict + added);
  await shot('upload');

  step('find the 16 projects in the list');
  await page.goto(url + '/forms');
  expect((await page.locator('#forms tbody tr').count()) === 16, '16 rows');
  await page.fill('#filter', '妇联');
  expect((await page.locator('#forms tbody tr:not([hidden])').count()) === 1, 'the filter leaves one');
  await shot('list');
  await page.fill('#filter', '');
  await page.click('#forms th:nth-child(8)'); // sort by 复核总分
  const first = await page.textContent('#forms tbody tr:first-child td:nth-child(8)');
  const last = await page.textContent('#forms tbody tr:last-child td:nth-child(8)');
  expect(first.trim() === '89' && last.trim() === '100', 'sorted by rescored total, 89 … 100: ' + first + ' … ' + last);

  step('open 妇联工作经费 and a trace');
  await Promise.all([page.waitForNavigation(), page.click('text=妇联工作经费')]);
  expect((await page.textContent('body')).includes('复核 90.56'), 'the rescored total 90.56');
  await page.click('tr[data-trace="ind-8"]');
  expect(await page.isVisible('#trace-ind-8'), 'a click shows the trace');
  expect((await page.textContent('#trace-ind-8')).includes('10 × 98 / 100 = 9.8'), 'the trace');
  // the form's A4 width is the form's, not the page's (issue 17, item 14)
  const navWidth = await page.evaluate(() => document.querySelector('nav').getBoundingClientRect().width);
  expect(navWidth > 1200, 'the navigation spans the window (1280 px), not the print width: ' + navWidth);
  const formUrl = page.url();
  await shot('form');

  step('edit: 98% -> 100% rescored before saving');
  await Promise.all([page.waitForNavigation(), page.click('text=编辑')]);
  const score = page.locator('[data-re="8"]');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('已按评分规则复核'));
  expect((await score.textContent()) === '9.8', 'the indicator starts at 9.8');
  expect((await page.textContent('#re-total')) === '90.56', 'the total starts at 90.56');
  await page.fill('[aria-label="实际完成值：辖区妇女满意度"]', '100%');
  await page.waitForFunction(() => document.querySelector('[data-re="8"]').textContent === '10');
  await page.waitForFunction(() => document.getElementById('re-total').textContent === '90.76');
  await page.click('tr[data-trace="ind-8"] td.rescored');
  expect((await page.textContent('#edit-trace')).includes('10'), 'the editor shows the trace');
  await shot('edit');

  step('save, and the new version in 历史');
  await Promise.all([page.waitForNavigation(), page.click('#save')]);
  expect(page.url() === formUrl + '/history', 'saving leads to the same form\'s history: ' + page.url());
  expect((await page.locator('ol.versions > li').count()) === 2, 'two versions');
  const changes = await page.textContent('ul.changes');
  expect(changes.includes('98%') && changes.includes('100%'), 'what changed: ' + changes);
  await shot('history');

  step('download the XLSX');
  await page.click('text=回到表单');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=XLSX')]);
  const path = await download.path();
  const bytes = readFileSync(path);
  expect(bytes.length > 1000 && bytes.subarray(0, 2).toString() === 'PK', 'an XLSX (a ZIP)');

  step('a new form: no complaint before anything is typed');
  await page.goto(url + '/forms/new');
  await page.waitForTimeout(500);
  const said = await page.textContent('#status');
  expect(said === '填写后自动复核', 'the status invites, it does not complain: ' + said);
  expect((await page.locator('#findings li').count()) === 0, 'no finding listed');

  step('the overview');
  await page.goto(url + '/');
  expect((await page.textContent('body')).includes('银川市金凤区上海西路办事处'), 'the unit');
  await shot('overview');

  expect(errors.length === 0, 'no script error: ' + errors.join('; '));
  console.log('browser: all steps passed');
} catch (e) {
  await shot('failure').catch(() => {});
  console.log(e.message);
  await browser.close();
  process.exit(1);
}
await browser.close();
