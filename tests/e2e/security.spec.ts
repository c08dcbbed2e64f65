import { expect, test } from '@playwright/test';
import { signInAsAdmin } from './helpers';

// The headers every answer carries, on the built SPA and on the API, and a page that works under its Content-Security-Policy.
const common = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

test.describe('security headers', () => {
  test('the SPA is served with a script policy of its own files only, and no page breaks it', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });

    const response = await page.goto('/login');
    const headers = response!.headers();
    for (const [name, value] of Object.entries(common)) expect(headers[name]).toBe(value);
    expect(headers['content-security-policy']).toContain("script-src 'self';");
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");

    await signInAsAdmin(page);
    await page.goto('/whatsapp/overview');
    await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
    await page.goto('/settings/audit-log');
    await expect(page.getByRole('tab', { name: 'Audit log', selected: true })).toBeVisible();
    expect(violations).toEqual([]);
  });

  test('API answers carry the same headers and are never cached', async ({ page }) => {
    await signInAsAdmin(page);
    const response = await page.request.get('/api/auth/me');
    expect(response.status()).toBe(200);
    const headers = response.headers();
    for (const [name, value] of Object.entries(common)) expect(headers[name]).toBe(value);
    expect(headers['cache-control']).toBe('no-store');
  });
});
