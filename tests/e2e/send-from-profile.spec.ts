import { expect, test } from '@playwright/test';
import { createCustomer, fakeMessagesTo, setUpSending, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * "Send WhatsApp" on a customer: the customer is preselected, a sendable template is picked, its variables take fixed
 * text or the customer's fields (resolved for them by the server), and the result shows the status timeline.
 */

test('sends a template from a customer’s profile, with a customer field, and shows the result’s timeline', async ({ page, request }) => {
  await signInAsAdmin(page);
  const setup = await setUpSending(page, request);
  const firstName = setup.customer.name.split(' ')[0];

  await page.goto(`/customers/${setup.customer.id}`);
  await page.getByRole('button', { name: 'Send WhatsApp', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Send WhatsApp to ${setup.customer.name}` });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(setup.customer.phone)).toBeVisible();

  // Sent without a template: refused, and the keyboard is put on the field to fix.
  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText('Correct the highlighted fields');
  await expect(dialog.getByRole('combobox', { name: 'Template' })).toBeFocused();

  await dialog.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: `${setup.template} (en)` }).click();
  await dialog.getByRole('button', { name: 'Insert field into Name' }).click();
  await page.getByRole('menuitem', { name: /^First name/ }).click();
  await expect(dialog.getByRole('textbox', { name: 'Name' })).toHaveValue('{{customer.firstName}}');
  await dialog.getByRole('textbox', { name: 'Bill' }).fill('B-2040');
  // The server resolves the field for this customer.
  await expect(dialog.getByTestId('preview-text')).toHaveText(new RegExp(`^Hello ${firstName}, your bill B-2040 is ready\\.`));

  await dialog.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(dialog.getByRole('region', { name: 'Message sent' })).toContainText(`Hello ${firstName}, your bill B-2040 is ready.`);
  await expect(dialog.getByTestId('message-status')).toHaveText(/Delivered|Read/, { timeout: 20_000 });
  await expect(dialog.getByLabel('Status history')).toContainText('Delivered');

  const sent = await fakeMessagesTo(request, setup.customer.phone);
  expect(sent).toHaveLength(1);
  expect(sent[0].parameters).toMatchObject({ '1': firstName, '2': 'B-2040' });

  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(dialog).toBeHidden();
  // The profile's messages show it.
  await expect(page.getByRole('table', { name: `Messages to ${setup.customer.name}` }).getByRole('row')).toHaveCount(2);
});

test('the customer list’s row opens Send WhatsApp for that customer, and says when they have not opted in', async ({ page }) => {
  await signInAsAdmin(page);
  const customer = { name: `Rowan Row ${unique()}`, phone: uniquePhone(), whatsAppOptIn: false };
  await createCustomer(page, customer);
  await page.goto(`/customers?q=${encodeURIComponent(customer.name)}`);
  await page.getByRole('row', { name: customer.name }).getByRole('button', { name: `Send WhatsApp to ${customer.name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Send WhatsApp to ${customer.name}` });
  await expect(dialog.getByText(customer.phone)).toBeVisible();
  await expect(dialog.getByText(`${customer.name} has not opted in to WhatsApp messages`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Close Send WhatsApp' }).click();
  await expect(dialog).toBeHidden();
});
