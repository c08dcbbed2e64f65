import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { createBillOnProfile, createOptedInCustomer, FAKE_PROVIDER_URL, ok, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * Issue #15's "done when": a bill notice with the bill's PDF as its document header, a pay link with the bill number
 * as its suffix and a "Talk to an agent" quick reply, made on the Templates page and mapped to the new-bill automation.
 * A bill created on the profile sends it through a Meta number at the fake, which downloads the PDF through the signed
 * link the message carried; the customer's tap on the quick reply then opens their conversation for an agent.
 */

interface FakeMetaMessage {
  id: string;
  to: string;
  template: string | null;
  rawBody: string;
}

interface MediaFetch {
  source: string;
  url: string;
  statusCode: number | null;
  contentType: string | null;
  isPdf: boolean;
  bytes: number;
}

test('a new bill sends the rich bill notice with its PDF, and a tap on its quick reply asks for an agent', async ({ page, request }) => {
  const id = unique();
  const name = `bill_notice_${id}`;
  const providerName = `Rich Meta ${id}`;
  const customerName = `Rich Bill ${id}`;
  const phone = uniquePhone();
  const phoneNumberId = `${Date.now()}${randomBytes(2).readUInt16BE()}`;
  const meta = { phoneNumberId, accessToken: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex'), businessAccountId: `9${phoneNumberId}` };

  // A Meta number at the fake whose signed webhooks (statuses, the customer's tap) reach the app.
  await signInAsAdmin(page);
  await ok(await request.post(`${FAKE_PROVIDER_URL}/_fake/accounts/meta`, { data: meta }));
  const provider = await ok<{ id: number }>(
    await page.request.post('/api/settings/whatsapp-providers', {
      data: { name: providerName, providerType: 'meta', credentials: { ...meta, verifyToken: 'e2e-verify' }, settings: { baseUrl: FAKE_PROVIDER_URL, messagesPerSecond: 80 } },
    }),
  );
  await ok(await page.request.post(`/api/settings/whatsapp-providers/${provider.id}/set-active`));
  const callbackUrl = new URL(`/api/webhooks/whatsapp/${provider.id}/status`, page.url()).toString();
  await ok(await request.post(`${FAKE_PROVIDER_URL}/_fake/accounts/meta`, { data: { ...meta, callbackUrl } }));
  const customerId = await createOptedInCustomer(page, customerName, phone);

  // Templates: a document header whose link each message gives, a quick reply that asks for an agent, a pay link.
  await page.goto('/whatsapp/templates');
  // With no templates yet, the empty list offers a second "New template" button.
  await page.getByRole('button', { name: 'New template' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByLabel('Body').fill('Hi {{1}}, your new bill is attached.');
  await dialog.getByLabel('Label of {{1}}').fill('Customer name');
  await dialog.getByLabel('Sample of {{1}}').fill('Ana');
  await dialog.getByRole('combobox', { name: 'Header type' }).click();
  await page.getByRole('option', { name: /^Document/ }).click();
  await dialog.getByLabel('File name').fill('bill.pdf');

  await dialog.getByRole('button', { name: 'Add button' }).click();
  const reply = dialog.getByRole('group', { name: 'Button 1' });
  await reply.getByLabel('Button text').fill('Talk to an agent');
  await reply.getByRole('combobox', { name: 'When tapped' }).click();
  await page.getByRole('option', { name: 'Ask for an agent' }).click();
  await dialog.getByRole('button', { name: 'Add button' }).click();
  const pay = dialog.getByRole('group', { name: 'Button 2' });
  await pay.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: /Visit website/ }).click();
  await pay.getByLabel('Button text').fill('Pay now');
  await pay.getByLabel('URL').fill('https://pay.example.com/bills/{{2}}');
  await expect(dialog.getByLabel('Label of header:media')).toHaveValue('Header document URL');
  await expect(dialog.getByLabel('Label of button:1')).toHaveValue("Button 'Pay now' URL suffix");

  await dialog.getByLabel(`${providerName} — Template name at Meta`).fill(name);
  await dialog.getByRole('button', { name: 'Create template' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Templates' }).getByRole('row', { name, exact: true })).toContainText('Sendable');

  // Settings → Automations: the new bill sends it, the header gets the bill's PDF link, the pay link the bill number.
  await page.goto('/settings/automations');
  const control = page.getByRole('button', { name: /New bill/ });
  await control.click();
  const form = page.getByRole('form', { name: 'New bill automation' });
  await form.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: new RegExp(`^${name} \\(`) }).click();
  await form.getByRole('textbox', { name: 'Customer name' }).fill('{{customer.name}}');
  const header = form.getByRole('textbox', { name: 'Header document URL' });
  await header.fill('');
  await form.getByRole('button', { name: 'Insert a field into Header document URL' }).click();
  await page.getByRole('menuitem', { name: /Bill as PDF/ }).click();
  await expect(header).toHaveValue('{{bill.pdfUrl}}');
  await form.getByRole('textbox', { name: "Button 'Pay now' URL suffix" }).fill('{{bill.number}}');
  const enabled = form.getByRole('switch', { name: 'Enabled' });
  await enabled.check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('New bill saved')).toBeVisible();
  await expect(control).toContainText('On');

  // A bill on the customer's profile.
  const billRow = await createBillOnProfile(page, { id: customerId, name: customerName }, '42');
  const billNumber = (await billRow.textContent())!.match(/B-\d+/)![0];

  // The fake got the bill notice: the PDF link in the document header, the bill number as the pay link's suffix.
  const digits = phone.replace(/\D/g, '');
  let sent: FakeMetaMessage | undefined;
  await expect
    .poll(async () => {
      const all = await ok<FakeMetaMessage[]>(await request.get(`${FAKE_PROVIDER_URL}/_fake/messages?provider=meta`));
      sent = all.find((m) => m.to.replace(/\D/g, '') === digits && m.template === name);
      return sent !== undefined;
    }, { timeout: 30_000 })
    .toBe(true);
  const components = JSON.parse(sent!.rawBody).template.components as { type: string; sub_type?: string; parameters: Record<string, unknown>[] }[];
  const document = components.find((c) => c.type === 'header')!.parameters[0].document as { link: string; filename: string };
  expect(document.filename).toBe('bill.pdf');
  expect(document.link).toMatch(/\/media\/[^/]+$/);
  expect(components.find((c) => c.type === 'button' && c.sub_type === 'url')!.parameters).toEqual([{ type: 'text', text: billNumber }]);

  // The fake downloaded a real PDF through the signed link.
  await expect
    .poll(async () => ok<MediaFetch[]>(await request.get(`${FAKE_PROVIDER_URL}/_fake/media-fetches?provider=meta&messageId=${encodeURIComponent(sent!.id)}`)), {
      timeout: 30_000,
    })
    .toEqual([expect.objectContaining({ source: 'header.document', url: document.link, statusCode: 200, isPdf: true })]);

  // The customer taps "Talk to an agent" on that message.
  const tap = await ok<{ statusCode: number }>(
    await request.post(`${FAKE_PROVIDER_URL}/_fake/inbound`, {
      data: { provider: 'meta', accountId: phoneNumberId, from: phone, kind: 'button', text: 'Talk to an agent', contextId: sent!.id, profileName: customerName },
    }),
  );
  expect(tap.statusCode).toBe(200);

  // The message's history in the Sent Log says what the tap did, and the conversation waits for an agent in the Inbox.
  await page.goto(`/whatsapp/log?q=${encodeURIComponent(customerName)}`);
  const row = page.getByRole('row', { name: `Message to ${customerName}` });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(name);
  await row.getByRole('button', { name: new RegExp(`^Details of the message to ${customerName}`) }).click();
  const drawer = page.getByRole('dialog', { name: `Message to ${customerName}` });
  await expect(drawer).toContainText(/Quick reply 'Talk to an agent': conversation #\d+ (is open|reopened) for an agent\./);

  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /Inbox/ }).click();
  await expect(page.getByRole('listitem').filter({ hasText: customerName })).toContainText('Talk to an agent');
});
