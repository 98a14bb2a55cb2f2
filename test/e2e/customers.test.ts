import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, newContext, screenshot } from './support/browser.ts';
import { apiTrade, PASSWORD, seedShop } from './support/data.ts';
import { startWebServer, type WebServer } from './support/server.ts';
import { logIn, pickOption } from './support/ui.ts';

// Line 3 has a mobile number that is not one: it is reported by its line and the other rows are kept.
const CSV = [
  '买家昵称,手机,标签,备注,拒收群发',
  '老客张三,13800138000,老客,喜欢纯棉面料,否',
  '李四,12345,,,否',
  '王五小店,,,换季会回购,是',
].join('\r\n');

describe.skipIf(!hasChromium && !process.env.CI)('customers back-office: import, tags, list filters and segments', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let owner: Page;
  let shop: Awaited<ReturnType<typeof seedShop>>;

  beforeAll(async () => {
    server = await startWebServer();
    shop = await seedShop(server.app.http);
    // A buyer who really paid: the list holds more than the imported customers.
    await apiTrade(server.app.http, shop.name, shop.item, { pay: true });
    browser = await launchBrowser();
    context = await newContext(browser, server.url);
    owner = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('the owner imports a customer CSV with a broken row and sees the import finish with the bad line reported', async () => {
    await owner.goto('/login');
    await logIn(owner, shop.name, PASSWORD);
    await owner.getByRole('menuitem', { name: '客户管理' }).click();
    await owner.getByTestId('customer-list').waitFor();
    await owner.getByTestId('customers-tab-imports').click();
    await owner.getByTestId('imports-tab').waitFor();
    expect(new URL(owner.url()).pathname).toBe('/customers/imports');

    await owner.getByTestId('import-kind-customers').click();
    await owner.getByTestId('imports-tab').locator('input[type=file]')
      .setInputFiles({ name: '老店客户.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await owner.getByTestId('import-start').click();

    const progress = owner.getByTestId('import-progress');
    await expect.poll(() => progress.getAttribute('data-status')).toBe('done');
    expect(await owner.getByTestId('import-progress-text').textContent()).toBe('已处理 3 / 3 行');
    expect(await progress.locator('.ant-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await owner.getByTestId('import-summary').textContent()).toBe('成功导入 2 行，1 行未导入');
    const bad = owner.locator('[data-testid="import-errors"] tbody tr[data-line]');
    await expect.poll(() => bad.count()).toBe(1);
    expect(await bad.getAttribute('data-line')).toBe('3');
    expect(await bad.textContent()).toContain('MOBILE_INVALID');
    expect(await bad.textContent()).toContain('手机号“12345”不是 11 位手机号');
    // The import is listed with its counts.
    const listed = owner.locator('tr[data-import]').first();
    await expect.poll(() => listed.textContent()).toContain('老店客户.csv');
    await screenshot(owner, 'customers-import');
  });

  it('a tag made in the settings is put on a customer in the profile drawer, and the list filters by it', async () => {
    await owner.getByTestId('customers-tab-settings').click();
    await owner.getByTestId('tag-add').click();
    await owner.getByTestId('tag-name').fill('高潜客户');
    await owner.getByTestId('tag-color-gold').click();
    await owner.getByTestId('tag-submit').click();
    await owner.getByTestId('tag-row-高潜客户').waitFor();
    // The imported file's tag was made too.
    await owner.getByTestId('tag-row-老客').waitFor();
    await screenshot(owner, 'customers-settings');

    await owner.getByTestId('customers-tab-list').click();
    await owner.locator('tr[data-nick="王五小店"]').waitFor();
    await owner.getByTestId('open-customer-王五小店').click();
    const profile = owner.getByTestId('customer-profile');
    await profile.waitFor();
    expect(await profile.getAttribute('data-nick')).toBe('王五小店');
    expect(await owner.getByTestId('profile-notes').inputValue()).toBe('换季会回购');
    expect(await owner.getByTestId('profile-opt-out').getAttribute('aria-checked')).toBe('true');
    await pickOption(owner, 'profile-tags', '高潜客户');
    await owner.locator('.ant-drawer-title').click(); // closes the options
    await owner.getByTestId('profile-save').click();
    await expect.poll(() => owner.getByTestId('profile-tags-view').textContent()).toBe('高潜客户');
    await screenshot(owner, 'customers-profile');
    await owner.locator('.ant-drawer-close').click();
    await profile.waitFor({ state: 'detached' });

    const rows = owner.locator('tbody tr[data-nick]');
    await expect.poll(() => rows.count()).toBe(3);
    // A multiple select: chosen with the keyboard, which does not depend on where the dropdown has moved to.
    await owner.getByTestId('customer-search-tags').click();
    await owner.keyboard.type('高潜客户');
    await owner.locator('.ant-select-dropdown:visible .ant-select-item-option-active', { hasText: '高潜客户' }).waitFor();
    await owner.keyboard.press('Enter');
    await owner.keyboard.press('Escape');
    await owner.getByTestId('customer-search-submit').click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-nick')).toBe('王五小店');
    expect(await owner.getByTestId('customer-total').textContent()).toBe('共 1 位客户');
    expect(new URL(owner.url()).searchParams.get('tags')).toMatch(/^\d+$/);
    await screenshot(owner, 'customers');
  });

  it('a segment by that tag shows its live preview count and is saved', async () => {
    await owner.getByTestId('customers-tab-segments').click();
    await owner.getByTestId('segment-add').click();
    await owner.getByTestId('segment-name').fill('换季回购（高潜）');
    await pickOption(owner, 'segment-tags', '高潜客户');
    await owner.locator('.ant-drawer-title').click();
    const count = owner.getByTestId('segment-preview-count');
    await expect.poll(() => count.getAttribute('data-count')).toBe('1');
    await expect.poll(() => owner.getByTestId('segment-preview').textContent()).toContain('其中 1 位拒收群发');
    await expect.poll(() => owner.getByTestId('segment-preview').textContent()).toContain('王五小店');
    await screenshot(owner, 'customers-segment');
    await owner.getByTestId('segment-save').click();

    const row = owner.locator('tr[data-segment="换季回购（高潜）"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('标签（任一）：高潜客户');
    const { segments } = await (await owner.request.get('/api/customers/segments')).json();
    expect(segments).toHaveLength(1);
    expect(segments[0].rule).toMatchObject({ tag_match: 'any', tag_ids: [expect.any(Number)] });
  });

  it('the repurchase card shows the all-time rate and this month', async () => {
    await owner.getByTestId('customers-tab-stats').click();
    const card = owner.getByTestId('customer-stats');
    // One buyer paid once: nobody has bought twice yet.
    await expect.poll(() => owner.getByTestId('stats-rate').textContent()).toContain('0.00%');
    await expect.poll(() => card.locator('tbody tr.ant-table-row').count()).toBe(1);
    await screenshot(owner, 'customers-stats');
  });
});
