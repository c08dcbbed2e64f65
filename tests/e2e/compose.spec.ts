import { expect, test, type Page } from '@playwright/test';
import {
  createApprovedTemplate,
  createCustomer,
  createFakeTwilioProvider,
  fakeMessagesTo,
  fakeTwilioAccount,
  ok,
  seedTwilioTemplates,
  signInAsAdmin,
  unique,
  uniquePhone,
} from './helpers';

/*
 * Compose a broadcast to a group through the UI, against the real backend and the fake provider: the customer who has
 * not opted in is counted as skipped, the others get one message each, the progress page follows the broadcast to
 * 100%, and its link opens the Sent Log filtered to the broadcast's messages.
 */

const BODY = 'Hi {{1}}, your bill of {{2}} is due.';

const screenshot = async (page: Page, name: string) => {
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/${name}.png`, fullPage: true });
};

test('compose: a broadcast to a group skips who has not opted in, reaches 100%, and its messages are in the Sent Log', async ({
  page,
  request,
}) => {
  const id = unique();
  const templateName = `bill_due_${id}`;
  const groupName = `Downtown ${id}`;

  // Set-up through the APIs: an active provider at the fake, an approved template bound to it, a group of four
  // customers of whom three opted in.
  const account = await fakeTwilioAccount(request);
  const [sid] = await seedTwilioTemplates(request, [
    { friendlyName: templateName, language: 'en', body: BODY, variables: { '1': 'Ana', '2': '$20' }, status: 'approved' },
  ]);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, `Compose Twilio ${id}`, account, true);
  await createApprovedTemplate(page, {
    name: templateName,
    body: BODY,
    variables: [
      { key: '1', label: 'Customer name', sample: 'Ana' },
      { key: '2', label: 'Amount due', sample: '$20' },
    ],
    providerId,
    externalId: sid,
  });
  const optedIn = [`Ana ${id}`, `Bo ${id}`, `Carla ${id}`].map((name) => ({ name, phone: uniquePhone() }));
  const notOptedIn = { name: `Dan ${id}`, phone: uniquePhone() };
  const customerIds = [
    ...(await Promise.all(optedIn.map((c) => createCustomer(page, { ...c, whatsAppOptIn: true })))),
    await createCustomer(page, { ...notOptedIn, whatsAppOptIn: false }),
  ];
  const group = await ok<{ id: number }>(await page.request.post('/api/groups', { data: { name: groupName, description: 'E2E compose' } }));
  await ok(await page.request.post(`/api/groups/${group.id}/members`, { data: { customerIds } }));

  // Audience: the group, offered with its counts.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Compose' }).click();
  await expect(page).toHaveURL(/\/whatsapp\/compose$/);
  await page.getByRole('radio', { name: 'Groups' }).check();
  await page.getByRole('combobox', { name: 'Groups' }).click();
  const groupOption = page.getByRole('option', { name: new RegExp(groupName) });
  await expect(groupOption).toContainText('4 members, 3 opted in');
  await groupOption.click();
  await page.keyboard.press('Escape');

  // Template and variables: a customer field from the menu, and fixed text.
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: `${templateName} (en)` }).click();
  await expect(page.getByTestId('template-body')).toHaveText(BODY);
  await page.getByRole('button', { name: 'Insert field into Customer name' }).click();
  await page.getByRole('menuitem', { name: /^Full name/ }).click();
  await expect(page.getByRole('textbox', { name: 'Customer name' })).toHaveValue('{{customer.name}}');
  await page.getByRole('textbox', { name: 'Amount due' }).fill('$20');

  // Preview: three recipients, the one who has not opted in skipped, a sample message.
  await expect(page.getByTestId('count-recipients')).toHaveText('3');
  await expect(page.getByTestId('count-skipped')).toHaveText('1');
  await expect(page.getByTestId('count-notOptedIn')).toHaveText('1');
  const sample = page.getByRole('region', { name: /^Sample message to / });
  await expect(sample).toContainText(/Hi (Ana|Bo|Carla) \w+, your bill of \$20 is due\./);
  await screenshot(page, 'compose');

  // Send, after a confirmation that states the number of recipients.
  await page.getByRole('button', { name: 'Send now' }).click();
  const confirm = page.getByRole('dialog', { name: 'Send to 3 recipients?' });
  await confirm.getByRole('button', { name: 'Send to 3 recipients' }).click();

  // The progress page follows the broadcast to the end; the sidebar still shows Compose.
  await expect(page).toHaveURL(/\/whatsapp\/broadcasts\/\d+$/);
  await expect(nav.getByRole('link', { name: 'Compose' })).toHaveAttribute('aria-current', 'page');
  const progress = page.getByRole('progressbar', { name: 'Broadcast progress' });
  await expect(progress).toHaveAttribute('aria-valuenow', '100', { timeout: 30_000 });
  await expect(page.getByTestId('broadcast-status')).toHaveText('Completed');
  await expect(page.getByTestId('count-total')).toHaveText('3');
  await expect(page.getByTestId('count-queued')).toHaveText('0');
  await expect(page.getByTestId('count-skipped')).toHaveText('1');
  await expect(page.getByTestId('count-notOptedIn')).toHaveText('1');
  await expect(page.getByRole('button', { name: 'Cancel broadcast' })).toHaveCount(0);
  await screenshot(page, 'broadcast-progress');

  // The Sent Log, filtered to this broadcast: the three opted-in customers' messages, nobody else's.
  await page.getByRole('link', { name: 'View messages in the Sent Log' }).click();
  await expect(page).toHaveURL(/\/whatsapp\/log\?broadcastId=\d+$/);
  for (const customer of optedIn) await expect(page.getByRole('row', { name: `Message to ${customer.name}` })).toBeVisible();
  await expect(page.getByRole('row', { name: /^Message to / })).toHaveCount(3);
  await screenshot(page, 'broadcast-sent-log');

  // Each of them got exactly one message through this test's account, with their own name in it; the skipped customer
  // none. (Only this account's messages count: the fake provider is shared by every test of the run.)
  const receivedBy = async (phone: string) =>
    (await fakeMessagesTo(request, phone)).filter((m) => m.accountId === account.accountSid);
  for (const customer of optedIn) {
    const received = await receivedBy(customer.phone);
    expect(received).toHaveLength(1);
    expect(received[0].template).toBe(sid);
    expect(received[0].parameters).toEqual({ '1': customer.name, '2': '$20' });
  }
  expect(await receivedBy(notOptedIn.phone)).toHaveLength(0);

  // The broadcast is listed among the recent ones, completed.
  await nav.getByRole('link', { name: 'Compose' }).click();
  const row = page.getByRole('table', { name: 'Recent broadcasts' }).getByRole('row', { name: new RegExp(`^${templateName} #\\d+$`) });
  await expect(row).toContainText('Completed');
  await expect(row.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
});
