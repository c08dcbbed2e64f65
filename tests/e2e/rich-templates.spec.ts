import { expect, test } from '@playwright/test';
import { createFakeTwilioProvider, createOptedInCustomer, fakeMessagesTo, fakeTwilioAccount, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * A template with a document header, a footer, a quick reply that asks for an agent and a pay link with a dynamic
 * suffix: made on the Templates page, previewed as a phone shows it, and sent with Send test, which asks for the
 * header's link and the link's suffix like any variable.
 */
test('rich templates: header, footer and buttons are edited, previewed and sent with their parameters', async ({ page, request }) => {
  const id = unique();
  const name = `bill_ready_${id}`;
  const providerName = `Fake Twilio ${id}`;
  const phone = uniquePhone();
  const account = await fakeTwilioAccount(request);

  await signInAsAdmin(page);
  await createFakeTwilioProvider(page, providerName, account, true);
  await createOptedInCustomer(page, `E2E rich ${id}`, phone);
  await page.goto('/whatsapp/templates');

  await page.getByRole('button', { name: 'New template' }).click();
  const dialog = page.getByRole('dialog', { name: 'New template' });
  await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await dialog.getByLabel('Body').fill('Hi {{1}}, your bill is attached.');
  await dialog.getByLabel('Sample of {{1}}').fill('Ana');

  await dialog.getByRole('combobox', { name: 'Header type' }).click();
  await page.getByRole('option', { name: /^Document/ }).click();
  await dialog.getByLabel('File name').fill('bill.pdf');
  await dialog.getByLabel('Footer').fill('Acme ISP');

  await dialog.getByRole('button', { name: 'Add button' }).click();
  const first = dialog.getByRole('group', { name: 'Button 1' });
  await first.getByLabel('Button text').fill('Talk to an agent');
  await first.getByRole('combobox', { name: 'When tapped' }).click();
  await page.getByRole('option', { name: 'Ask for an agent' }).click();

  await dialog.getByRole('button', { name: 'Add button' }).click();
  const second = dialog.getByRole('group', { name: 'Button 2' });
  await second.getByRole('combobox', { name: 'Type' }).click();
  await page.getByRole('option', { name: /Visit website/ }).click();
  await second.getByLabel('Button text').fill('Pay now');
  await second.getByLabel('URL').fill('https://pay.example.com/{{2}}');

  // The header's link and the link's suffix are variables like the body's.
  await expect(dialog.getByLabel('Label of header:media')).toHaveValue('Header document URL');
  await expect(dialog.getByLabel('Label of button:1')).toHaveValue("Button 'Pay now' URL suffix");
  const preview = dialog.getByRole('region', { name: 'Message preview' });
  await expect(preview.getByTestId('preview-header')).toContainText('bill.pdf');
  await expect(preview.getByTestId('preview-text')).toHaveText('Hi Ana, your bill is attached.');
  await expect(preview.getByTestId('preview-footer')).toHaveText('Acme ISP');
  await expect(preview.getByRole('listitem')).toHaveText(['Talk to an agent', 'Pay now']);

  await dialog.getByLabel(`${providerName} — Content SID`).fill(`HX${id.padEnd(32, '0').slice(0, 32)}`);
  await dialog.getByRole('button', { name: 'Create template' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('table', { name: 'Templates' }).getByRole('row', { name, exact: true })).toContainText('Sendable');

  await page.getByRole('button', { name: `Send test ${name}` }).click();
  const send = page.getByRole('dialog', { name: `Send test: ${name}` });
  await send.getByLabel('Header document URL').fill('https://billing.example.com/media/e2e-bill.pdf');
  await send.getByLabel("Button 'Pay now' URL suffix").fill('B-1001');
  await send.getByLabel('Recipient phone').fill(phone);
  await send.getByRole('button', { name: 'Send' }).click();
  await expect(send.getByTestId('message-status')).toHaveText(/^(Accepted|Sent|Delivered|Read)$/, { timeout: 30_000 });

  const received = await fakeMessagesTo(request, phone);
  expect(received).toHaveLength(1);
  expect(received[0].parameters).toEqual({ '1': 'Ana', '2': 'B-1001' });
});
