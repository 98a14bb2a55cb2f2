import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, errors, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH points elsewhere when needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const SCREENSHOTS = path.resolve('docs/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

const DEFAULT_TIMEOUT = 15_000;

/** A fresh browser profile (no cookies, no cache) as a person in China would have it. */
export async function newContext(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    // No transitions: a dialog closing under a busy CI machine must not linger over the next click.
    reducedMotion: 'reduce',
    ...options,
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
  });
  context.setDefaultTimeout(DEFAULT_TIMEOUT);
  return context;
}

/** A picture for docs/: toasts gone and transitions finished, so it shows the page as it settles. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), animations: 'disabled' });
}

export interface LoadTiming {
  page: string;
  /** From navigation start until the page's first meaningful element was visible (what a person waits for). */
  visible_ms: number;
  dom_content_loaded_ms: number;
  load_event_ms: number;
  transferred_kb: number;
  /** Time between animation frames while scrolling, for the pages that measure it. */
  scroll_frame_ms?: { p50: number; p95: number; max: number };
}

/** Loads `url` in a cold profile and measures how long until `ready` shows. */
export async function measureFirstLoad(page: Page, url: string, ready: () => Promise<void>, name: string): Promise<LoadTiming> {
  const started = Date.now();
  await page.goto(url);
  await waitClosely(page, ready);
  const visible = Date.now() - started;
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const bytes = n.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0);
    return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, bytes };
  });
  return {
    page: name,
    visible_ms: visible,
    dom_content_loaded_ms: Math.round(nav.dcl),
    load_event_ms: Math.round(nav.load),
    transferred_kb: Math.round(nav.bytes / 1024),
  };
}

/**
 * Waits for `ready` (a locator's wait), looking every 50 ms. Playwright's own wait looks less and less often, down to
 * once every 500 ms, which would add up to half a second to the figure; it backs off no further than a fifth of its
 * timeout, so a wait capped at 250 ms looks every 50 ms, and is started again until the page is ready.
 */
async function waitClosely(page: Page, ready: () => Promise<void>) {
  const deadline = Date.now() + DEFAULT_TIMEOUT;
  page.setDefaultTimeout(250);
  try {
    for (;;) {
      try {
        return await ready();
      } catch (err) {
        if (!(err instanceof errors.TimeoutError) || Date.now() > deadline) throw err;
      }
    }
  } finally {
    page.setDefaultTimeout(DEFAULT_TIMEOUT);
  }
}

/** Each browser test file records its own pages; figures of pages it did not measure are kept. */
export function writeTimings(timings: LoadTiming[]) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, 'first-load.json');
  const earlier: LoadTiming[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const merged = [...earlier.filter((e) => !timings.some((t) => t.page === e.page)), ...timings];
  writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
}
