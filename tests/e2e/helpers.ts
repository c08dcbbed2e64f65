import { expect, type Page } from '@playwright/test';

export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_PASSWORD = 'E2e-Password-123!';

/** Fills the sign-in form (the page must show it) and waits until the app has left /login. */
export async function signIn(page: Page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Opens /login directly and signs in as the admin. */
export async function signInAsAdmin(page: Page) {
  await page.goto('/login');
  await signIn(page);
}

/** The fake provider server (tools/FakeProvider) the e2e run starts next to the backend. */
export const FAKE_PROVIDER_URL = process.env.E2E_FAKE_PROVIDER_URL ?? 'http://127.0.0.1:5190';
