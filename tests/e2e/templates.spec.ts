import { expect, test } from '@playwright/test';
import {
  createApprovedTemplate,
  createFakeTwilioProvider,
  createOptedInCustomer,
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
 * Templates and test sends against the real backend and the fake provider (tools/FakeProvider, started by the
 * Playwright config). Every test makes its own fake Twilio account, templates, provider and customer, with unique
 * names, so the tests do not depend on each other or on what other specs left behind.
 */

test('templates: sync from the provider, a hand-made template with a live preview, and a test send followed to its status', async ({
  page,
  request,
}) => {
  const id = unique();
  const billDue = `bill_due_${id}`;
  const promo = `spring_promo_${id}`;
  const outage = `outage_over_${id}`;
  const providerName = `Fake Twilio ${id}`;
  const phone = uniquePhone();

  const account = await fakeTwilioAccount(request);
  const [billDueSid] = await seedTwilioTemplates(request, [
    {
      friendlyName: billDue,
      language: 'en',
      body: 'Hi {{1}}, your bill of {{2}} is due.',
      variables: { '1': 'Ana', '2': '$20' },
      category: 'UTILITY',
      status: 'approved',
    },
    {
      friendlyName: promo,
      language: 'en',
      body: 'Upgrade to {{1}} this spring!',
      variables: { '1': 'Fiber 500' },
      category: 'MARKETING',
      status: 'rejected',
      rejectionReason: 'Promotional content is not allowed in this category.',
    },
  ]);
  const atProvider = (await ok<unknown[]>(await request.get(`${FAKE_PROVIDER_URL}/_fake/templates/twilio`))).length;

  await signInAsAdmin(page);
  await createFakeTwilioProvider(page, providerName, account, true);
  await createOptedInCustomer(page, `E2E customer ${id}`, phone);

  // Sync from the provider: the summary, the approved template and the rejected one with its reason.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Templates' }).click();
  await expect(page).toHaveURL(/\/whatsapp\/templates$/);
  await page.getByRole('button', { name: 'Sync from provider' }).first().click();
  const summary = page.getByTestId('sync-result');
  await expect(summary).toContainText(`Synced from ${providerName}`);
  await expect(summary).toContainText(/\d+ created, \d+ updated, \d+ unchanged/);
  await expect(summary).toContainText(`${atProvider} templates at ${providerName}`);

  const table = page.getByRole('table', { name: 'Templates' });
  const billDueRow = table.getByRole('row', { name: billDue, exact: true });
  await expect(billDueRow).toContainText('APPROVED');
  await expect(billDueRow).toContainText('Sendable');
  await expect(billDueRow).toContainText(billDueSid);
  const promoRow = table.getByRole('row', { name: promo, exact: true });
  await expect(promoRow).toContainText('REJECTED');
  await expect(promoRow).toContainText('Promotional content is not allowed in this category.');
  await expect(promoRow).toContainText('Not sendable');
  await expect(page.getByRole('button', { name: `Send test ${promo}` })).toHaveCount(0);

  // The search narrows the list.
  await page.getByRole('searchbox', { name: 'Search templates' }).fill(promo);
  await expect(billDueRow).toHaveCount(0);
  await expect(promoRow).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search templates' }).fill('');
  await expect(billDueRow).toBeVisible();

  // A template by hand: the variables and the preview follow the body as it is typed.
  await page.getByRole('button', { name: 'New template' }).click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(outage);
  await expect(dialog.getByLabel('Language')).toHaveValue('en_US');
  // Admins get one template id per provider; left empty, the template is not bound to it.
  await expect(dialog.getByLabel(`${providerName} — Content SID`)).toHaveValue('');
  const preview = dialog.getByRole('region', { name: 'Message preview' });
  const body = dialog.getByLabel('Body');
  await body.pressSequentially('Hello {{1}}, ');
  await expect(dialog.getByLabel('Sample of {{1}}')).toBeVisible();
  await expect(preview).toContainText('Hello {{1}},');
  await dialog.getByLabel('Label of {{1}}').fill('Customer name');
  await dialog.getByLabel('Sample of {{1}}').fill('Ana');
  await expect(preview).toContainText('Hello Ana,');
  await body.pressSequentially('service in {{2}} is back.');
  await expect(preview).toContainText('Hello Ana, service in {{2}} is back.');
  await dialog.getByLabel('Sample of {{2}}').fill('Downtown');
  await expect(preview).toContainText('Hello Ana, service in Downtown is back.');
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/template-form.png` });

  // The server's refusal appears next to its field, and nothing typed is lost.
  await dialog.getByLabel('Language').fill('english');
  await dialog.getByRole('button', { name: 'Create template' }).click();
  await expect(dialog.getByLabel('Language')).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Use a language code such as en, en_US or pt_BR.')).toBeVisible();
  await expect(dialog.getByLabel('Sample of {{2}}')).toHaveValue('Downtown');
  await expect(body).toHaveValue('Hello {{1}}, service in {{2}} is back.');
  await dialog.getByLabel('Language').fill('en_US');
  await dialog.getByRole('button', { name: 'Create template' }).click();
  await expect(dialog).toBeHidden();
  const outageRow = table.getByRole('row', { name: outage, exact: true });
  await expect(outageRow).toContainText('APPROVED');
  await expect(outageRow).toContainText(`Not sendable: template '${outage}' is not bound to ${providerName}.`);
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/templates-page.png`, fullPage: true });

  // Send test: samples prefilled, the status follows the provider's signed callbacks.
  await page.getByRole('button', { name: `Send test ${billDue}` }).click();
  const send = page.getByRole('dialog', { name: `Send test: ${billDue}` });
  await expect(send.getByLabel('Variable {{1}}')).toHaveValue('Ana');
  await expect(send.getByLabel('Variable {{2}}')).toHaveValue('$20');
  await expect(send.getByRole('region', { name: 'Message preview' })).toContainText('Hi Ana, your bill of $20 is due.');
  await send.getByLabel('Recipient phone').fill(phone);
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/send-test-form.png` });
  await send.getByRole('button', { name: 'Send' }).click();
  const status = send.getByTestId('message-status');
  await expect(status).toHaveText(/^(Accepted|Sent|Delivered|Read)$/);
  await expect(status).toHaveText('Read', { timeout: 20_000 });
  await expect(send.getByLabel('Status history')).toContainText('Delivered');
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/send-test.png` });
  await send.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(send).toBeHidden();

  // Exactly one message reached the provider, with the ContentSid and the ContentVariables.
  const received = await fakeMessagesTo(request, phone);
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ template: billDueSid, outcome: 'accepted', accountId: account.accountSid });
  expect(received[0].parameters).toEqual({ '1': 'Ana', '2': '$20' });

  // Delete asks first, naming the template.
  await page.getByRole('button', { name: `Delete ${outage}` }).click();
  const confirm = page.getByRole('dialog', { name: `Delete ${outage}?` });
  await expect(confirm).toContainText(outage);
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(outageRow).toHaveCount(0);
  await expect(billDueRow).toBeVisible();
});

test('Settings → WhatsApp: Test checks the credentials, then sends a template through that provider', async ({ page, request }) => {
  const id = unique();
  const name = `notice_${id}`;
  const providerName = `Tested Twilio ${id}`;
  const phone = uniquePhone();

  const account = await fakeTwilioAccount(request);
  const [sid] = await seedTwilioTemplates(request, [
    { friendlyName: name, language: 'en', body: 'Dear {{1}}, maintenance tonight.', variables: { '1': 'Ana' }, status: 'approved' },
  ]);

  await signInAsAdmin(page);
  // Not active: the test goes through this provider anyway.
  const providerId = await createFakeTwilioProvider(page, providerName, account, false);
  await createApprovedTemplate(page, {
    name,
    body: 'Dear {{1}}, maintenance tonight.',
    variables: [{ key: '1', label: 'Customer name', sample: 'Bo' }],
    providerId,
    externalId: sid,
  });
  await createOptedInCustomer(page, `E2E tested ${id}`, phone);

  await page.goto('/settings/whatsapp');
  await page.getByRole('button', { name: `Test ${providerName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Test ${providerName}` });

  // Nothing entered: a credential check only.
  await dialog.getByRole('button', { name: 'Check credentials' }).click();
  const result = dialog.getByTestId('provider-test-result');
  await expect(result).toContainText('Test passed');
  await expect(result).toContainText('Connected to Twilio account');
  expect(await fakeMessagesTo(request, phone)).toHaveLength(0);

  // With a number and a template: a real send through this provider.
  await dialog.getByLabel('Recipient phone').fill(phone);
  await dialog.getByRole('button', { name: 'Check and send' }).click();
  await expect(dialog.getByText('Choose the template to send.')).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: `${name} (en)` }).click();
  await expect(dialog.getByLabel('Customer name')).toHaveValue('Bo');
  await dialog.getByLabel('Customer name').fill('Carla');
  await dialog.getByRole('button', { name: 'Check and send' }).click();
  await expect(result).toContainText('Test passed');
  await expect(result.getByTestId('message-status')).toHaveText(/^(Accepted|Sent|Delivered|Read)$/);
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/provider-test.png` });

  const received = await fakeMessagesTo(request, phone);
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ template: sid, accountId: account.accountSid });
  expect(received[0].parameters).toEqual({ '1': 'Carla' });
});
