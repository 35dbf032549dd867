// tests/web/workflow.mjs URL EXAMPLE OUTDIR: the review workflow of a bureau's
// `jixiao serve` in Debian's chromium (issue 19), with three accounts, each
// in a browser context of its own (its own cookies): the clerk (单位经办) logs
// in, uploads the unit's forms and submits 妇联工作经费; the 主管部门 reviewer
// returns it with a reason citing a finding; the clerk reads the reason,
// fixes the form in the editor (a new version), saves and submits again;
// the reviewer passes it; 财政 passes it, samples it, enters a 复核得分 ten
// points under the declared total on the 复核 page (a review-score-gap
// finding appears) and publishes it; the form's audit log shows every step;
// the clerk logs out.  Screenshots: OUTDIR/workflow-*.png.  Each failed
// step throws; the last line says which.
import { chromium } from 'playwright-core';

const [url, example, out] = process.argv.slice(2);
const step = (what) => { console.log('step: ' + what); };
const expect = (cond, what) => { if (!cond) throw new Error('failed: ' + what); };

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const errors = [];
async function user(login) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(login + ': ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(login + ': ' + m.text()); });
  await page.goto(url + '/forms');
  expect(page.url().includes('/login?next='), login + ': a page without a session leads to the login');
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', login + '-pass-1');
  await Promise.all([page.waitForNavigation(), page.click('#login button[type=submit]')]);
  expect(page.url().endsWith('/forms'), login + ': back to the page asked for after login: ' + page.url());
  expect(await page.isVisible('#logout'), login + ': the navigation shows the account and 退出');
  return page;
}
const shot = (page, name) => page.screenshot({ path: `${out}/workflow-${name}.png`, fullPage: true });
const state = async (page) => page.getAttribute('#state', 'data-state');
const act = async (page, action) => Promise.all([page.waitForNavigation(), page.click('#act-' + action)]);

try {
  step('the clerk logs in and uploads the unit\'s forms');
  const clerk = await user('clerk');
  await clerk.goto(url + '/upload');
  await clerk.setInputFiles('input[type=file]', example);
  await Promise.all([clerk.waitForNavigation(), clerk.click('main button[type=submit]')]);
  expect((await clerk.textContent('#results tbody tr td:nth-child(2)')) === '已导入', 'the upload is imported');

  step('the clerk opens 妇联工作经费 and submits it');
  await clerk.goto(url + '/forms');
  await Promise.all([clerk.waitForNavigation(), clerk.click('text=妇联工作经费')]);
  const formUrl = clerk.url().replace(/#.*/, '');
  expect(await state(clerk) === 'draft', 'a new form is 未送审');
  await act(clerk, 'submit');
  expect(await state(clerk) === 'department-review', 'submitted: 待主管部门审核');
  await shot(clerk, '1-submitted');

  step('the 主管部门 reviewer returns it, citing a finding');
  const dept = await user('dept');
  await dept.goto(formUrl);
  expect(await dept.isVisible('#act-approve') && await dept.isVisible('#act-return'), 'the reviewer is offered 通过 and 退回');
  const cite = dept.locator('input[name=cite]').first();
  const cited = await cite.getAttribute('value');
  await cite.check();
  await dept.fill('#review-form textarea[name=reason]', '满意度的佐证材料不足，请补充调查问卷汇总表');
  await act(dept, 'return');
  expect(await state(dept) === 'returned', 'returned: 被退回');
  await shot(dept, '2-returned');

  step('the clerk reads the reason, fixes the form and submits again');
  await clerk.goto(formUrl);
  const history = await clerk.textContent('#review-history');
  expect(history.includes('满意度的佐证材料不足') && history.includes(cited), 'the clerk sees the reason and the cited finding');
  await Promise.all([clerk.waitForNavigation(), clerk.click('text=编辑')]);
  await clerk.waitForFunction(() => document.getElementById('status').textContent.includes('已按评分规则复核'));
  await clerk.fill('[aria-label="实际完成值：辖区妇女满意度"]', '100%');
  await clerk.waitForFunction(() => document.querySelector('[data-re="8"]').textContent === '10');
  await Promise.all([clerk.waitForNavigation(), clerk.click('#save')]);
  await clerk.goto(formUrl);
  expect(await state(clerk) === 'draft', 'the saved new version starts again at 未送审');
  await act(clerk, 'submit');
  expect(await state(clerk) === 'department-review', 'submitted again');
  await shot(clerk, '3-resubmitted');

  step('the reviewer passes it');
  await dept.goto(formUrl);
  await dept.fill('#review-form textarea[name=opinion]', '已补充调查问卷汇总表，资料齐全');
  await dept.fill('#review-form textarea[name=basis]', '财预〔2020〕10号');
  await dept.fill('#review-form input[name=conclusion]', '同意');
  await dept.fill('#review-form textarea[name=reason]', '其余审核发现已逐条核实');
  await act(dept, 'approve');
  expect(await state(dept) === 'finance-review', 'passed on to 待财政审核');

  step('财政 passes, samples, enters a 复核得分 and publishes');
  const fin = await user('fin');
  await fin.goto(formUrl);
  await fin.fill('#review-form textarea[name=reason]', '同意主管部门意见');
  await act(fin, 'approve');
  expect(await state(fin) === 'approved', '审核通过');
  await act(fin, 'sample');
  expect(await state(fin) === 'sampled', '抽查复核中');
  await Promise.all([fin.waitForNavigation(), fin.click('#recheck-link')]);
  const rows = fin.locator('#recheck-rows input');
  const declared = Number((await fin.textContent('main')).match(/自评总分：([0-9.]+)/)[1]);
  let sum = 0;
  for (let i = 0; i < await rows.count(); i++) sum += Number((await rows.nth(i).inputValue()) || 0);
  // lower the indicator rows until the sum is ten points under the declared total
  let cut = sum - (declared - 10);
  for (let i = 1; i < await rows.count() && cut > 0; i++) {
    const v = Number((await rows.nth(i).inputValue()) || 0);
    const take = Math.min(v, cut);
    await rows.nth(i).fill((v - take).toFixed(2));
    cut -= take;
  }
  await fin.fill('#recheck textarea[name=opinion]', '抽查：满意度调查样本不足，酌减');
  await shot(fin, '4-recheck');
  await Promise.all([fin.waitForNavigation(), fin.click('#act-sample-done')]);
  expect(await state(fin) === 'sample-done', '复核完成');
  const findings = await fin.textContent('#dispositions');
  expect(findings.includes('review-score-gap') && findings.includes('超过规则的 5 分'), 'the 复核得分 gap is a finding');
  await act(fin, 'publish');
  expect(await state(fin) === 'published', '已公开');
  await shot(fin, '5-published');

  step('the audit log shows every step; the clerk sees the outcome and logs out');
  await fin.goto(formUrl + '/log');
  const log = await fin.textContent('#log');
  for (const a of ['送审', '退回', '审核通过', '抽查', '复核完成', '公开'])
    expect(log.includes(a), 'the log names ' + a);
  const acts = await fin.locator('#log td[data-action^="review-"]').count();
  expect(acts >= 8, 'at least 8 review steps in the log: ' + acts);
  await shot(fin, '6-log');
  await clerk.goto(formUrl);
  expect(await state(clerk) === 'published', 'the clerk sees 已公开');
  expect((await clerk.textContent('#review-history')).includes('抽查：满意度调查样本不足'), 'the clerk sees 财政\'s opinion');
  await Promise.all([clerk.waitForNavigation(), clerk.click('#logout')]);
  expect(clerk.url().endsWith('/login'), 'logged out to the login page');
  await clerk.goto(formUrl);
  expect(clerk.url().includes('/login?next='), 'after logout the form needs a login again');

  expect(errors.length === 0, 'no script errors: ' + errors.join('; '));
  console.log('workflow walk: 8 steps passed');
} catch (e) {
  console.log(e.message);
  await browser.close();
  process.exit(1);
}
await browser.close();
