import { expect, test } from '@playwright/test';
import { signIn, signInAsAdmin, unique } from './helpers';

test('changing one’s password on My account keeps this browser signed in and signs out the other', async ({ page, browser }) => {
  // An admin makes a Staff user to play with.
  await signInAsAdmin(page);
  const email = `account-${unique()}@e2e.test`;
  const created = await page.request.post('/api/users', { data: { email, password: 'Account-Password-1!', role: 'Staff' } });
  expect(created.status()).toBe(201);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/login');
  await signIn(page, email, 'Account-Password-1!');
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await otherPage.goto('/login');
  await signIn(otherPage, email, 'Account-Password-1!');

  await page.getByTestId('current-user-email').click();
  await expect(page.getByRole('heading', { name: 'My account' })).toBeVisible();
  await page.getByLabel(/^Current password/).fill('Account-Password-1!');
  await page.getByLabel(/^New password/).fill('Account-Password-2!');
  await page.getByLabel(/^Repeat the new password/).fill('Account-Password-2!');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Password changed. Your other sessions were signed out.')).toBeVisible();

  await page.goto('/customers');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await otherPage.goto('/customers');
  await expect(otherPage).toHaveURL(/\/login$/);
  await signIn(otherPage, email, 'Account-Password-2!');
  await other.close();
});
