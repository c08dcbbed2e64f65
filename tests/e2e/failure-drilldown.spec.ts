import { expect, test } from '@playwright/test';
import {
  createApprovedTemplate,
  createFakeTwilioProvider,
  createOptedInCustomer,
  FAKE_PROVIDER_URL,
  fakeTwilioAccount,
  ok,
  seedTwilioTemplates,
  signInAsAdmin,
  unique,
  uniquePhone,
} from './helpers';

/*
 * From the Overview's failure reasons to the people they hit: the reason's "Customers" link opens each affected
 * customer once (the code and the period carried along), and the selected ones are opted out with a reason that
 * their consent history keeps.
 */

test('failure drill-down: Overview → customers a code affected → opted out with a reason', async ({ page, request }) => {
  const id = unique();
  const account = await fakeTwilioAccount(request);
  const [sid] = await seedTwilioTemplates(request, [
    { friendlyName: `notice_${id}`, language: 'en', body: 'Notice for {{1}}', variables: { '1': 'Ana' }, status: 'approved' },
  ]);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, `Drill ${id}`, account, true);
  await createApprovedTemplate(page, {
    name: `notice_${id}`,
    body: 'Notice for {{1}}',
    variables: [{ key: '1', label: 'Name', sample: 'Ana' }],
    providerId,
    externalId: sid,
  });
  const failing = { name: `Fay Failing ${id}`, phone: uniquePhone() };
  const fine = { name: `Finn Fine ${id}`, phone: uniquePhone() };
  const failingId = await createOptedInCustomer(page, failing.name, failing.phone);
  await createOptedInCustomer(page, fine.name, fine.phone);

  // The fake accepts Fay's messages, then reports them failed with 63003 (not reachable on WhatsApp).
  await ok(await request.put(`${FAKE_PROVIDER_URL}/_fake/recipient-errors`, { data: { [failing.phone]: { kind: 'async', code: 63003, status: 'failed' } } }));
  try {
    const send = (to: string) => page.request.post('/api/whatsapp/messages', { data: { to, templateName: `notice_${id}`, parameters: { '1': 'x' } } });
    for (const to of [failing.phone, failing.phone, fine.phone]) await ok(await send(to));
    await expect
      .poll(async () => (await ok<{ items: unknown[] }>(await page.request.get(`/api/whatsapp/messages?errorCode=63003&q=${encodeURIComponent(failing.name)}`))).items.length)
      .toBe(2);
  } finally {
    await request.delete(`${FAKE_PROVIDER_URL}/_fake/recipient-errors`);
  }

  await page.goto('/whatsapp/overview?days=7');
  const reason = page.getByTestId('failure-reason').filter({ hasText: '63003' });
  await reason.getByRole('link', { name: 'Customers affected by code 63003' }).click();
  await expect(page).toHaveURL(/\/whatsapp\/log\/customers\?errorCode=63003&from=\d{4}-\d{2}-\d{2}/);

  const table = page.getByRole('table', { name: 'Customers affected' });
  const fay = table.getByRole('row').filter({ hasText: failing.name });
  // Once, however many of Fay's messages failed; Finn's went through.
  await expect(fay).toHaveCount(1);
  await expect(fay.getByRole('cell').nth(4)).toHaveText('2');
  await expect(table.getByRole('row').filter({ hasText: fine.name })).toHaveCount(0);

  await fay.getByRole('checkbox', { name: `Select ${failing.name}` }).check();
  await page.getByRole('button', { name: 'Opt out selected (1)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Opt out 1 customer' });
  // A preset reason, picked from the list the field offers.
  await dialog.getByRole('combobox', { name: /^Reason/ }).click();
  await page.getByRole('option', { name: 'Customer disputes consent — phoned' }).click();
  await dialog.getByRole('button', { name: 'Opt out' }).click();
  await expect(dialog).toBeHidden();
  await expect(fay.getByRole('checkbox')).toBeDisabled();

  const profile = await ok<{ customer: { whatsAppOptIn: boolean }; consentHistory: { optedIn: boolean; source: string; text: string }[] }>(
    await page.request.get(`/api/customers/${failingId}`),
  );
  expect(profile.customer.whatsAppOptIn).toBe(false);
  expect(profile.consentHistory).toContainEqual(expect.objectContaining({ optedIn: false, source: 'Admin', text: 'Customer disputes consent — phoned' }));

  // The Sent Log link from the same reason keeps the code as a filter that can be removed.
  await page.goto('/whatsapp/overview?days=7');
  await page.getByTestId('failure-reason').filter({ hasText: '63003' }).getByRole('link', { name: /failed messages with code 63003/ }).click();
  await expect(page).toHaveURL(/\/whatsapp\/log\?errorCode=63003&from=/);
  await expect(page.getByRole('button', { name: 'Remove the error code filter' })).toBeVisible();
});
