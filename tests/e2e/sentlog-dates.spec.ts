import { expect, test } from '@playwright/test';
import { ok, setUpSending, signInAsAdmin } from './helpers';

/*
 * The Sent Log's date range typed with the keyboard, as a person does: the field keeps a half-typed year instead of
 * emptying, "To" typed right after "From" keeps "From", and both select the day's message.
 */

/** A day as Chromium's en-US date field takes it from the keyboard: month, day, year. */
const typed = (d: Date) => `${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}${d.getFullYear()}`;
const iso = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

test('sent log: a date range typed into From and To applies both, and keeps the day’s message', async ({ page, request }) => {
  await signInAsAdmin(page);
  const { customer, template } = await setUpSending(page, request, 'Dana Dates');
  const name = customer.name;
  await ok(
    await page.request.post('/api/whatsapp/messages', { data: { to: customer.phone, templateName: template, parameters: { '1': 'Dana', '2': 'B-1' } } }),
  );

  await page.goto(`/whatsapp/log?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole('row', { name: `Message to ${name}` })).toBeVisible();

  const today = new Date();
  const from = page.getByLabel('From', { exact: true });
  const to = page.getByLabel('To', { exact: true });
  // Wide enough for "mm/dd/yyyy" and the picker's icon.
  expect((await from.boundingBox())!.width).toBeGreaterThan(140);

  await from.focus();
  await page.keyboard.type(typed(today).slice(0, 5));
  // Half-way through the year: the field still holds what was typed.
  await expect(from).not.toHaveValue('');
  await page.keyboard.type(typed(today).slice(5));
  await expect(from).toHaveValue(iso(today));
  await to.focus();
  await page.keyboard.type(typed(today));
  await expect(to).toHaveValue(iso(today));

  await expect(page).toHaveURL(new RegExp(`from=${iso(today)}`));
  await expect(page).toHaveURL(new RegExp(`to=${iso(today)}`));
  await expect(from).toHaveValue(iso(today));
  await expect(page.getByRole('row', { name: `Message to ${name}` })).toBeVisible();

  // A range that ends before it starts says so (and matches nothing).
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
  await to.fill(iso(yesterday));
  await expect(page.getByText('Ends before “From”: nothing matches.')).toBeVisible();
  await expect(page.getByRole('row', { name: `Message to ${name}` })).toHaveCount(0);
});
