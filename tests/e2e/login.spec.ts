import { expect, test } from '@playwright/test';
import { ADMIN_EMAIL, signIn } from './helpers';

test.describe('signing in', () => {
  test('an anonymous visit to the settings goes to the login page, and back there after signing in', async ({ page }) => {
    await page.goto('/settings/whatsapp');

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByText('ISP Billing · WhatsApp')).toBeVisible();

    await signIn(page);
    await expect(page).toHaveURL(/\/settings\/whatsapp$/);
    await expect(page.getByRole('heading', { name: 'WhatsApp providers' })).toBeVisible();
    await expect(page.getByText(ADMIN_EMAIL)).toBeVisible();
  });

  test('a wrong password shows an error and keeps the user on the login page', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('textbox', { name: 'Email' }).fill(ADMIN_EMAIL);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await expect(page.getByRole('alert')).toContainText('Wrong email or password');
    await expect(page).toHaveURL(/\/login$/);
    // What was typed stays, so a typo can be fixed.
    await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(ADMIN_EMAIL);
  });

  test('signing out ends the session', async ({ page }) => {
    await page.goto('/login');
    await signIn(page);
    await expect(page).toHaveURL(/\/whatsapp\/overview$/);
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto('/settings/whatsapp');
    await expect(page).toHaveURL(/\/login$/);
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
  });
});
