import { expect, test } from '@playwright/test';
import { createFakeTwilioProvider, FAKE_PROVIDER_URL, fakeMessagesTo, fakeTwilioAccount, ok, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * The inbox end to end: a customer's message, posted by the fake provider as Twilio posts it (signed), appears in
 * WhatsApp → Inbox; staff answer inside the 24-hour window and the fake receives a free-form message (Body, no template).
 */

test('inbox: a reply from the fake appears in the inbox, and staff answer it with free text inside the window', async ({ page, request }) => {
  const id = unique();
  const account = await fakeTwilioAccount(request);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, `Inbox Twilio ${id}`, account, true);
  const phone = uniquePhone();
  const name = `Walk-in ${id}`;

  const origin = new URL(page.url()).origin;
  const delivered = await ok<{ statusCode: number }>(
    await request.post(`${FAKE_PROVIDER_URL}/_fake/inbound`, {
      data: {
        provider: 'twilio',
        accountId: account.accountSid,
        from: phone,
        text: `My internet is down ${id}`,
        profileName: name,
        url: `${origin}/api/webhooks/whatsapp/${providerId}/inbound`,
      },
    }),
  );
  expect(delivered.statusCode).toBe(200);

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByLabel(/unread conversations/)).toBeVisible();
  await nav.getByRole('link', { name: /Inbox/ }).click();
  await expect(page).toHaveURL(/\/whatsapp\/inbox/);

  const row = page.getByRole('listitem').filter({ hasText: name });
  await expect(row).toContainText(`My internet is down ${id}`);
  await row.click();
  await expect(page.getByLabel('From the customer').filter({ hasText: `My internet is down ${id}` })).toBeVisible();
  await expect(page.getByText(/Service window open: \d+ h \d+ min left/)).toBeVisible();

  await page.getByRole('textbox', { name: 'Reply' }).fill(`We are on it ${id}`);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByLabel('From us').filter({ hasText: `We are on it ${id}` })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveValue('');

  await expect
    .poll(async () => (await fakeMessagesTo(request, phone)).map((m) => ({ template: m.template, outcome: m.outcome })))
    .toEqual([{ template: null, outcome: 'accepted' }]);
});
