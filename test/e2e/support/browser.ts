import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * Loads `url` in a cold profile and measures how long until `ready` shows. The clock starts once the browser has
 * finished opening the page's window: for a second or two, Chromium keeps a core busy building a new window's own
 * interface (its toolbar and address-bar pages), which a person's browser did long before they typed the address,
 * and which on two cores would otherwise run beside the page's load and count as its time.
 */
export async function measureFirstLoad(page: Page, url: string, ready: () => Promise<void>, name: string): Promise<LoadTiming> {
  await untilBrowserIdle();
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

/** Waits (up to 5 s) until this process's browsers have used under a tenth of a core for a quarter of a second. */
async function untilBrowserIdle() {
  const deadline = Date.now() + 5000;
  let before = browserCpuMs();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = browserCpuMs();
    if (now - before < 25) return;
    before = now;
  }
}

/** CPU time (user + system) of every process this one started, and theirs: the browsers and their helpers. */
function browserCpuMs() {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const dir of readdirSync('/proc')) {
    if (!/^\d+$/.test(dir)) continue;
    try {
      // Fields after the command name: state ppid … utime (12th) stime (13th).
      const fields = readFileSync(`/proc/${dir}/stat`, 'utf8').split(') ')[1].split(' ');
      procs.set(Number(dir), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid; p; p = procs.get(p)?.ppid) if (p === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (ours(pid)) ticks += p.ticks;
  return ticks * 10; // USER_HZ is 100 on Linux
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
