import type { Page } from 'playwright-core';

/** Logs a shop account in on the log-in page and waits until the app has left it. */
export async function logIn(page: Page, account: string, password: string) {
  await page.getByTestId('login-account').fill(account);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Chooses an option of an antd Select by typing part of its label, as a person does. */
export async function pickOption(page: Page, testId: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

/** Chooses an antd radio by its input's test id: the input itself is hidden, its label takes the click. */
export async function chooseRadio(page: Page, testId: string) {
  await page.locator('label', { has: page.getByTestId(testId) }).click();
}
