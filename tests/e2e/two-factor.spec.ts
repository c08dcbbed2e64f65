import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { signIn, signInAsAdmin, unique } from './helpers';

/** The code an authenticator app shows now for a base32 key (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits). */
function totp(base32Key: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...base32Key.replace(/\s/g, '').toUpperCase()].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  return ((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

test('turning on two-factor on My account makes the next sign-in ask for the app’s code', async ({ page }) => {
  await signInAsAdmin(page);
  const email = `two-factor-${unique()}@e2e.test`;
  const password = 'TwoFactor-Password-1!';
  expect((await page.request.post('/api/users', { data: { email, password, role: 'Staff' } })).status()).toBe(201);
  await page.getByRole('button', { name: 'Sign out' }).click();

  await page.goto('/login');
  await signIn(page, email, password);
  await page.getByTestId('current-user-email').click();
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const key = (await page.getByTestId('two-factor-key').textContent())!;
  await page.getByLabel('2. Code from the app').fill(totp(key));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await page.getByRole('button', { name: 'I have saved them' }).click();
  await expect(page.getByText(/Two-factor sign-in is on/)).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.goto('/login');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const code = page.getByLabel('Code from your authenticator app');
  await expect(code).toBeVisible();
  await code.fill('000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await code.fill(totp(key));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
});
