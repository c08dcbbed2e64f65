import { expect, test } from '@playwright/test';
import {
  createApprovedTemplate,
  createBillOnProfile,
  createFakeTwilioProvider,
  createOptedInCustomer,
  fakeMessagesTo,
  fakeTwilioAccount,
  seedTwilioTemplates,
  signInAsAdmin,
  unique,
  uniquePhone,
} from './helpers';

/*
 * Automations end to end: an admin maps an approved template to the payment confirmation (payment.received) in
 * Settings → Automations; staff record a payment on a customer's bill from the profile; the automated message reaches
 * the fake provider and the Sent Log shows it with the mapped values.
 */

const BODY = 'Hi {{1}}, we received your payment of {{2}}. Thank you!';

test('a payment recorded on the profile sends the payment confirmation mapped in Settings → Automations', async ({ page, request }) => {
  const id = unique();
  const templateName = `payment_thanks_${id}`;
  const providerName = `Automations Twilio ${id}`;
  const customerName = `Auto Customer ${id}`;
  const phone = uniquePhone();

  // The scene, through the API: a provider at the fake, an approved template bound to it, an opted-in customer.
  const account = await fakeTwilioAccount(request);
  const [sid] = await seedTwilioTemplates(request, [
    { friendlyName: templateName, language: 'en', body: BODY, variables: { '1': 'Ana', '2': '$20.00' }, category: 'UTILITY', status: 'approved' },
  ]);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, providerName, account, true);
  await createApprovedTemplate(page, {
    name: templateName,
    body: BODY,
    variables: [
      { key: '1', label: 'Customer name', sample: 'Ana' },
      { key: '2', label: 'Amount', sample: '$20.00' },
    ],
    providerId,
    externalId: sid,
  });
  const customerId = await createOptedInCustomer(page, customerName, phone);

  // Settings → Automations: the payment confirmation gets the template, its variables the customer's name and the amount.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Automations' }).click();
  await expect(page).toHaveURL(/\/settings\/automations$/);
  const control = page.getByRole('button', { name: /Payment confirmation/ });
  await control.click();
  const form = page.getByRole('form', { name: 'Payment confirmation automation' });
  await expect(form).toBeVisible();

  await form.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: `${templateName} (en)` }).click();
  const nameInput = form.getByRole('textbox', { name: 'Customer name' });
  const amountInput = form.getByRole('textbox', { name: 'Amount' });
  await nameInput.fill('');
  await amountInput.fill('');
  await form.getByRole('button', { name: 'Insert a field into Customer name' }).click();
  await page.getByRole('menuitem', { name: /Full name/ }).click();
  await expect(nameInput).toHaveValue('{{customer.name}}');
  // The first menu's closing transition keeps its items on screen for a moment; the next menu lists the same fields.
  await expect(page.getByRole('menu')).toHaveCount(0);
  await form.getByRole('button', { name: 'Insert a field into Amount' }).click();
  await page.getByRole('menuitem', { name: /Amount paid/ }).click();
  await expect(amountInput).toHaveValue('{{payment.amount}}');

  // The preview renders the example values in the bubble.
  const preview = form.getByRole('region', { name: 'Preview of the Payment confirmation message' });
  await expect(preview).toContainText('we received your payment of $20.00. Thank you!');

  const enabled = form.getByRole('switch', { name: 'Enabled' });
  await enabled.check();
  await expect(enabled).toBeChecked();
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/automations.png`, fullPage: true });
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Payment confirmation saved')).toBeVisible();
  await expect(control).toContainText('On');
  await expect(control).toContainText(templateName);

  // The customer's profile: a new bill, then a payment on it.
  const billRow = await createBillOnProfile(page, { id: customerId, name: customerName }, '20');
  await expect(billRow).toContainText('Unpaid');

  await billRow.getByRole('button', { name: /^Record payment on / }).click();
  const paymentDialog = page.getByRole('dialog', { name: /^Record payment on / });
  await expect(paymentDialog.getByRole('textbox', { name: 'Amount paid (USD)' })).toHaveValue('20');
  await paymentDialog.getByRole('button', { name: 'Record payment' }).click();
  await expect(paymentDialog).toBeHidden();
  await expect(billRow).toContainText('Paid');
  await expect(billRow.getByRole('button', { name: /Record payment/ })).toHaveCount(0);
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/profile-records.png`, fullPage: true });

  // The Sent Log, filtered to the customer and the event type, has the payment confirmation.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Sent Log' }).click();
  await page.getByRole('searchbox', { name: 'Search' }).fill(customerName);
  await page.getByRole('textbox', { name: 'Event type' }).fill('payment.received');
  await expect(page).toHaveURL(/eventType=payment\.received/);
  const row = page.getByRole('row', { name: `Message to ${customerName}` });
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Automation · payment.received');
  await expect(row).toContainText(templateName);

  await row.getByRole('button', { name: new RegExp(`^Details of the message to ${customerName}`) }).click();
  const drawer = page.getByRole('dialog', { name: `Message to ${customerName}` });
  await expect(drawer.getByTestId('rendered-body')).toHaveText(`Hi ${customerName}, we received your payment of $20.00. Thank you!`);
  const parameters = drawer.getByRole('table', { name: 'Parameters' });
  await expect(parameters.getByRole('row', { name: `1 ${customerName}` })).toBeVisible();
  await expect(parameters.getByRole('row', { name: '2 $20.00' })).toBeVisible();
  await expect(drawer).toContainText('Automation · payment.received');
  await expect(drawer).toContainText(/bill:\d+/);
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/automation-message.png` });

  // Exactly one message reached the provider, with the template's ContentSid and the mapped values.
  const received = await fakeMessagesTo(request, phone);
  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({ template: sid, accountId: account.accountSid });
  expect(received[0].parameters).toEqual({ '1': customerName, '2': '$20.00' });

  // The event is listed in Settings → Automations, linked to its message.
  await page.goto('/settings/automations');
  const event = page.getByTestId('automation-event').filter({ hasText: 'payment.received' }).filter({ hasText: `Customer #${customerId}` });
  await expect(event.first()).toContainText('Messaged');
  await event.first().getByRole('link', { name: /^Message #/ }).click();
  await expect(page.getByRole('dialog', { name: `Message to ${customerName}` })).toBeVisible();
});
