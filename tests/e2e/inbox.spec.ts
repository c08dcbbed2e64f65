import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createFakeTwilioProvider, FAKE_PROVIDER_URL, fakeMessagesTo, fakeTwilioAccount, ok, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * The inbox end to end, with the page open the whole time (no reload): a customer's message, posted by the fake
 * provider as Twilio posts it (signed), appears in WhatsApp → Inbox over the live channel; staff answer inside the
 * 24-hour window and the fake receives a free-form message (Body, no template); the unknown contact becomes a customer
 * and a ticket is opened from the conversation. A message older than 24 hours (Meta dates it) leaves only templates.
 */

/** The fake posts a customer's message to the app's inbound webhook of that provider, signed as the provider signs it. */
async function customerWrites(request: APIRequestContext, page: Page, message: Record<string, unknown> & { providerId: number }) {
  const { providerId, ...rest } = message;
  const origin = new URL(page.url()).origin;
  const delivered = await ok<{ statusCode: number }>(
    await request.post(`${FAKE_PROVIDER_URL}/_fake/inbound`, { data: { ...rest, url: `${origin}/api/webhooks/whatsapp/${providerId}/inbound` } }),
  );
  expect(delivered.statusCode).toBe(200);
}

test('inbox: a customer’s message arrives live, staff answer with free text inside the window, and open a ticket from it', async ({ page, request }) => {
  const id = unique();
  const account = await fakeTwilioAccount(request);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, `Inbox Twilio ${id}`, account, true);
  const phone = uniquePhone();
  const name = `Walk-in ${id}`;
  const twilio = { providerId, provider: 'twilio', accountId: account.accountSid, from: phone, profileName: name };

  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: /Inbox/ }).click();
  await expect(page).toHaveURL(/\/whatsapp\/inbox/);

  // The page is open; the message arrives while it is.
  await customerWrites(request, page, { ...twilio, text: `My internet is down ${id}` });
  const row = page.getByRole('listitem').filter({ hasText: name });
  await expect(row).toContainText(`My internet is down ${id}`);
  await expect(nav.getByLabel(/unread conversations/)).toBeVisible();
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

  // Their answer shows in the open thread by itself.
  await customerWrites(request, page, { ...twilio, text: `Thanks, still down ${id}` });
  await expect(page.getByLabel('From the customer').filter({ hasText: `Thanks, still down ${id}` })).toBeVisible();

  // An unknown number: make them a customer (phone and WhatsApp name filled in), then open a ticket from their message.
  await page.getByRole('button', { name: 'Create customer' }).click();
  const create = page.getByRole('dialog', { name: 'New customer from this conversation' });
  await expect(create.getByRole('textbox', { name: 'Phone' })).toHaveValue(phone);
  await expect(create.getByRole('textbox', { name: 'Name' })).toHaveValue(name);
  await create.getByRole('button', { name: 'Create and link' }).click();
  await expect(create).toBeHidden();

  await page.getByRole('button', { name: 'Open ticket' }).click();
  const open = page.getByRole('dialog', { name: 'Open a ticket' });
  await open.getByRole('button', { name: 'Open ticket' }).click();
  await expect(open).toBeHidden();
  await expect(page.getByLabel('Tickets').getByText(/^T-\d+ · Open$/)).toBeVisible();
  const tickets = await ok<{ subject: string }[]>(await page.request.get(`/api/tickets?status=Open`));
  expect(tickets.map((t) => t.subject)).toContain(`Thanks, still down ${id}`);
});

test('inbox: once the 24-hour window has closed, the composer offers only approved templates and says why', async ({ page, request }) => {
  const id = unique();
  await signInAsAdmin(page);
  const phoneNumberId = `${Date.now()}`;
  const meta = { phoneNumberId, accessToken: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex'), businessAccountId: `9${phoneNumberId}` };
  await ok(await page.request.post(`${FAKE_PROVIDER_URL}/_fake/accounts/meta`, { data: meta }));
  const provider = await ok<{ id: number }>(
    await page.request.post('/api/settings/whatsapp-providers', {
      data: { name: `Meta ${id}`, providerType: 'meta', credentials: { ...meta, verifyToken: 'e2e-verify' }, settings: { baseUrl: FAKE_PROVIDER_URL, messagesPerSecond: 80 } },
    }),
  );
  const name = `Late writer ${id}`;
  await page.goto('/whatsapp/inbox');
  // Meta dates each message: this one was written 25 hours ago.
  await customerWrites(request, page, {
    providerId: provider.id, provider: 'meta', accountId: phoneNumberId, from: uniquePhone(), profileName: name, text: `Are you there? ${id}`,
    timestamp: new Date(Date.now() - 25 * 3600_000).toISOString(),
  });

  await page.getByRole('listitem').filter({ hasText: name }).click();
  await expect(page.getByLabel('From the customer').filter({ hasText: `Are you there? ${id}` })).toBeVisible();
  await expect(page.getByText(/24-hour customer-service window has closed/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Template' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send template' })).toBeVisible();
});
