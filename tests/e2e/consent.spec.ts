import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import {
  createFakeTwilioProvider,
  FAKE_PROVIDER_URL,
  fakeMessagesTo,
  fakeTwilioAccount,
  ok,
  seedTwilioTemplates,
  signInAsAdmin,
  unique,
  uniquePhone,
} from './helpers';

/*
 * Consent by purpose and the template lifecycle, end to end: a customer who stops offers still gets their bill; Compose's
 * preview counts who already had their share of offers; a template Meta pauses pauses its automation, and Overview says so.
 */

const BILL = 'Hi {{1}}, your bill of {{2}} is due.';
const OFFER = 'Hi {{1}}, fibre 1G is {{2}} this month.';
const VARIABLES = [
  { key: '1', label: 'Customer name', sample: 'Ana' },
  { key: '2', label: 'Amount', sample: '$20' },
];

/** An active Twilio provider at the fake with a UTILITY bill and a MARKETING offer, both approved and bound. */
async function billAndOffer(page: Page, id: string) {
  const account = await fakeTwilioAccount(page.request);
  const [billSid, offerSid] = await seedTwilioTemplates(page.request, [
    { friendlyName: `bill_${id}`, language: 'en', body: BILL, variables: { '1': 'Ana', '2': '$20' }, category: 'UTILITY', status: 'approved' },
    { friendlyName: `offer_${id}`, language: 'en', body: OFFER, variables: { '1': 'Ana', '2': '$20' }, category: 'MARKETING', status: 'approved' },
  ]);
  const providerId = await createFakeTwilioProvider(page, `Consent Twilio ${id}`, account, true);
  const bill = await ok<{ id: number }>(
    await page.request.post('/api/whatsapp/templates', {
      data: { name: `bill_${id}`, language: 'en', category: 'UTILITY', status: 'APPROVED', body: BILL, variables: VARIABLES, bindings: [{ providerId, externalId: billSid }] },
    }),
  );
  const offer = await ok<{ id: number }>(
    await page.request.post('/api/whatsapp/templates', {
      data: { name: `offer_${id}`, language: 'en', category: 'MARKETING', status: 'APPROVED', body: OFFER, variables: VARIABLES, bindings: [{ providerId, externalId: offerSid }] },
    }),
  );
  return { bill: `bill_${id}`, offer: `offer_${id}`, billId: bill.id, offerId: offer.id, providerId };
}

async function customer(page: Page, name: string, phone: string) {
  const created = await ok<{ customer: { id: number }; unsubscribeUrl: string }>(
    await page.request.post('/api/customers', { data: { name, phone, whatsAppOptIn: true, marketingOptIn: true } }),
  );
  return { id: created.customer.id, unsubscribeUrl: created.unsubscribeUrl };
}

const send = (page: Page, to: string, templateName: string) =>
  page.request.post('/api/whatsapp/messages', { data: { to, templateName, parameters: { '1': 'Ana', '2': '$20' } } });

test('a customer who stops offers through their unsubscribe link still gets their bill, and the profile shows both consents', async ({ page }) => {
  const id = unique();
  const phone = uniquePhone();
  await signInAsAdmin(page);
  const { bill, offer } = await billAndOffer(page, id);
  const { id: customerId, unsubscribeUrl } = await customer(page, `Olga Offers ${id}`, phone);

  // The customer opens their link and chooses "Stop offers only".
  await page.goto(new URL(unsubscribeUrl).pathname);
  await expect(page.getByRole('heading', { name: 'Which WhatsApp messages should stop?' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop offers only' }).click();
  await expect(page.getByRole('heading', { name: 'You will get no more offers' })).toBeVisible();

  // The offer is refused before anything is sent; the bill goes.
  expect((await send(page, phone, offer)).status()).toBe(422);
  expect((await send(page, phone, bill)).status()).toBe(201);
  await expect.poll(async () => (await fakeMessagesTo(page.request, `whatsapp:${phone}`)).length).toBe(1);

  // The profile: service consent on, offers off, the history saying how.
  await page.goto(`/customers/${customerId}`);
  await expect(page.getByRole('checkbox', { name: 'Agrees to receive WhatsApp messages' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Agrees to receive offers on WhatsApp' })).not.toBeChecked();
  const latest = page.getByRole('table', { name: 'Consent history' }).getByTestId('consent-record').first();
  await expect(latest).toContainText('Opted out');
  await expect(latest).toContainText('Offers');
  await expect(latest).toContainText('Unsubscribe link');
});

test('the broadcast preview counts the frequency-capped, estimates the cost and warns past the messaging limit', async ({ page }) => {
  const id = unique();
  await signInAsAdmin(page);
  const { offer, providerId } = await billAndOffer(page, id);
  const capped = { name: `Cap ${id}`, phone: uniquePhone() };
  const fresh = { name: `Fresh ${id}`, phone: uniquePhone() };
  const ids = [(await customer(page, capped.name, capped.phone)).id, (await customer(page, fresh.name, fresh.phone)).id];
  // Two offers this week: the default cap (2 in 7 days) is reached.
  for (let i = 0; i < 2; i++) expect((await send(page, capped.phone, offer)).status()).toBe(201);
  const group = await ok<{ id: number }>(await page.request.post('/api/groups', { data: { name: `Offers ${id}`, description: 'E2E cap' } }));
  await ok(await page.request.post(`/api/groups/${group.id}/members`, { data: { customerIds: ids } }));
  // A messaging limit of one person a day, used up by the capped customer's offers.
  await ok(
    await page.request.put(`/api/settings/whatsapp-providers/${providerId}`, {
      data: { name: `Consent Twilio ${id}`, providerType: 'twilio', settings: { baseUrl: FAKE_PROVIDER_URL, messagesPerSecond: 80, dailyMessagingLimit: 1 } },
    }),
  );
  await expect
    .poll(async () => {
      const health = await ok<{ id: number; messagingLimit: { reached: number } }[]>(await page.request.get('/api/whatsapp/stats/health'));
      return health.find((p) => p.id === providerId)?.messagingLimit.reached;
    })
    .toBe(1);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Compose' }).click();
  await page.getByRole('radio', { name: 'Groups' }).check();
  await page.getByRole('combobox', { name: 'Groups' }).click();
  await page.getByRole('option', { name: new RegExp(`Offers ${id}`) }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: `${offer} (en)` }).click();
  await page.getByRole('textbox', { name: 'Customer name' }).fill('friend');
  await page.getByRole('textbox', { name: 'Amount' }).fill('$30');

  await expect(page.getByTestId('count-recipients')).toHaveText('1');
  await expect(page.getByTestId('count-frequencyCap')).toHaveText('1');
  await expect(page.getByText('Had their share of offers (frequency cap)')).toBeVisible();
  // The example rate card prices a marketing message at 0.025 USD; one recipient gets it.
  await expect(page.getByTestId('preview-cost')).toContainText(/Estimated cost: \$0\.025 \(marketing\)/);
  const limit = page.getByTestId('preview-limit');
  await expect(limit).toContainText('Past today’s messaging limit');
  await expect(limit).toContainText('1 of its recipients is new within the last 24 hours, but only 0 of the 1 people a day are left');
});

test('a template Meta pauses pauses the automation using it, and Overview and the automations tab say so', async ({ page }) => {
  const id = unique();
  const templateName = `welcome_${id}`;
  const phoneNumberId = `${Date.now()}`;
  const meta = { phoneNumberId, accessToken: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex'), businessAccountId: `9${phoneNumberId}` };
  await signInAsAdmin(page);

  // A Meta number at the fake whose webhooks (signed with the app secret) reach the app's webhook for the provider.
  await ok(await page.request.post(`${FAKE_PROVIDER_URL}/_fake/accounts/meta`, { data: meta }));
  const provider = await ok<{ id: number }>(
    await page.request.post('/api/settings/whatsapp-providers', {
      data: { name: `Meta ${id}`, providerType: 'meta', credentials: { ...meta, verifyToken: 'e2e-verify' }, settings: { baseUrl: FAKE_PROVIDER_URL, messagesPerSecond: 80 } },
    }),
  );
  await ok(await page.request.post(`/api/settings/whatsapp-providers/${provider.id}/set-active`));
  const callbackUrl = new URL(`/api/webhooks/whatsapp/${provider.id}/status`, page.url()).toString();
  await ok(await page.request.post(`${FAKE_PROVIDER_URL}/_fake/accounts/meta`, { data: { ...meta, callbackUrl } }));
  const template = await ok<{ id: number }>(
    await page.request.post('/api/whatsapp/templates', {
      data: {
        name: templateName, language: 'en_US', category: 'UTILITY', status: 'APPROVED', body: 'Welcome {{1}}, your account is {{2}}.',
        variables: VARIABLES, bindings: [{ providerId: provider.id, externalId: templateName }],
      },
    }),
  );
  await ok(
    await page.request.put('/api/settings/whatsapp-automations/customer.registered', {
      data: { enabled: true, templateId: template.id, variables: { '1': '{{customer.name}}', '2': 'ready' } },
    }),
  );

  // Meta pauses the template for its quality.
  const answer = await ok<{ statusCode: number }>(
    await page.request.post(`${FAKE_PROVIDER_URL}/_fake/template-events/meta`, {
      data: { phoneNumberId, field: 'message_template_status_update', name: templateName, language: 'en_US', event: 'PAUSED', reason: 'Low quality' },
    }),
  );
  expect(answer.statusCode).toBe(200);

  // Overview, opened afresh (the sign-in landed on it before the pause).
  await page.goto('/');
  const alert = page.getByRole('status').filter({ hasText: 'paused by a template change' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('Welcome automation');
  await expect(alert).toContainText(`Template '${templateName}' is PAUSED`);

  await alert.getByRole('link', { name: 'Welcome automation' }).click();
  await expect(page).toHaveURL(/\/settings\/automations$/);
  await expect(page.getByRole('button', { name: /Welcome/ })).toContainText('Paused');

  // Approved again: the automation runs, the alert is gone.
  await ok(
    await page.request.post(`${FAKE_PROVIDER_URL}/_fake/template-events/meta`, {
      data: { phoneNumberId, field: 'message_template_status_update', name: templateName, language: 'en_US', event: 'APPROVED' },
    }),
  );
  await page.reload();
  await expect(page.getByRole('button', { name: /Welcome/ })).not.toContainText('Paused');
  await ok(await page.request.put('/api/settings/whatsapp-automations/customer.registered', { data: { enabled: false } }));
});
