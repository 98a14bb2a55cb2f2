import type { Page } from 'playwright-core';

/** Signs a new buyer up in the storefront's (or the widget's) log-in dialog. */
export async function signUpBuyer(page: Page, nick: string, password: string) {
  await page.getByTestId('buyer-mode-signup').click();
  await page.getByTestId('buyer-nick-input').fill(nick);
  await page.getByTestId('buyer-password-input').fill(password);
  await page.getByTestId('buyer-auth-submit').click();
}

/** Types into the chat window's input and sends with Enter, as a buyer does. */
export async function say(page: Page, text: string) {
  const input = page.getByTestId('chat-window').locator('textarea');
  await input.fill(text);
  await input.press('Enter');
}
