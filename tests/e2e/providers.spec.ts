import { expect, test, type Locator, type Page } from '@playwright/test';
import { closeNotifications, signInAsAdmin } from './helpers';

const SECRET = 'e2e-secret-token-9876';
const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const SENDER = '+14155550100';

async function chooseProvider(dialog: Locator, page: Page, displayName: string) {
  await dialog.getByRole('combobox', { name: 'Provider' }).click();
  await page.getByRole('option', { name: displayName }).click();
}

async function expectNoPlaintextSecret(page: Page) {
  expect(await page.content()).not.toContain(SECRET);
}

test('an admin adds, activates, edits and deletes WhatsApp providers without ever seeing a stored secret', async ({ page }) => {
  // Every API answer the page receives is checked too: the secret may go up, never come back down.
  const apiBodies: Promise<string>[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    // /api/live is an event stream that stays open (its events name only what changed); its body never ends.
    if (path.startsWith('/api/') && path !== '/api/live') apiBodies.push(response.text().catch(() => ''));
  });

  await signInAsAdmin(page);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings\/whatsapp$/);
  await expect(page.getByRole('tab', { name: 'WhatsApp' })).toHaveAttribute('aria-selected', 'true');
  // The empty state on a fresh database; specs that run before this one (compose) leave their active provider behind.
  await expect(
    page.getByText('No WhatsApp provider yet — add your Twilio, Vonage or Meta account').or(page.getByRole('table', { name: 'WhatsApp providers' })),
  ).toBeVisible();

  // Add a Twilio account.
  await page.getByRole('button', { name: 'Add provider' }).click();
  let dialog = page.getByRole('dialog', { name: 'Add WhatsApp provider' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Name').fill('Main Twilio');
  await chooseProvider(dialog, page, 'Twilio');
  await dialog.getByLabel('Account SID').fill(ACCOUNT_SID);
  await dialog.getByLabel('Auth Token').fill(SECRET);
  await dialog.getByLabel('WhatsApp sender').fill(SENDER);
  await expect(dialog.getByLabel('Messages per second')).toHaveValue('80');
  await expect(dialog.getByText('Replaces the scheme and host of every API call: regional endpoints, proxies, test servers')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('alert').filter({ hasText: 'Provider added' })).toBeVisible();

  const table = page.getByRole('table', { name: 'WhatsApp providers' });
  const mainRow = table.getByRole('row', { name: 'Main Twilio' });
  await expect(mainRow).toBeVisible();
  await expect(mainRow).toContainText('Twilio');
  await expect(mainRow).toContainText(ACCOUNT_SID);
  await expect(mainRow).toContainText('••••9876');
  await expect(mainRow.getByText('Active', { exact: true })).toHaveCount(0);
  await expectNoPlaintextSecret(page);

  // Make it the active provider. Specs that ran before this one left providers behind, so its row may be the last one,
  // under the notifications (bottom right): they are closed before each click on a row's action.
  await closeNotifications(page);
  // Switching away from another active provider asks first; making the first one active does not.
  const switching = (await table.getByText('Active', { exact: true }).count()) > 0;
  await mainRow.getByRole('button', { name: 'Set active: Main Twilio' }).click();
  if (switching) {
    const confirm = page.getByRole('dialog', { name: 'Send through Main Twilio?' });
    await expect(confirm).toContainText('instead of');
    await confirm.getByRole('button', { name: 'Set active' }).click();
  } else await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(mainRow.getByText('Active', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Set active: Main Twilio' })).toHaveCount(0);
  // The active provider cannot be deleted.
  await expect(page.getByRole('button', { name: 'Delete Main Twilio' })).toBeDisabled();
  await expectNoPlaintextSecret(page);

  // Editing shows the secret only as a mask and keeps it when left empty.
  await closeNotifications(page);
  await mainRow.getByRole('button', { name: 'Edit Main Twilio' }).click();
  dialog = page.getByRole('dialog', { name: 'Edit Main Twilio' });
  const token = dialog.getByLabel('Auth Token');
  await expect(token).toHaveAttribute('type', 'password');
  await expect(token).toHaveValue('');
  await expect(token).toHaveAttribute('placeholder', '••••9876');
  await expect(dialog.getByLabel('Account SID')).toHaveValue(ACCOUNT_SID);
  await expectNoPlaintextSecret(page);
  await dialog.getByLabel('Messages per second').fill('40');
  await expect(dialog.getByLabel('Messaging tier (people per 24 hours)')).toHaveValue('');
  await dialog.getByLabel('Messaging tier (people per 24 hours)').fill('1000');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(mainRow).toContainText('40 msg/s');
  await expect(mainRow).toContainText('Tier: 1,000 per 24 h');
  await expect(mainRow).toContainText('••••9876');
  await expectNoPlaintextSecret(page);

  // A second provider without its Auth Token: the server's message appears next to that field.
  await page.getByRole('button', { name: 'Add provider' }).click();
  dialog = page.getByRole('dialog', { name: 'Add WhatsApp provider' });
  await dialog.getByLabel('Name').fill('Backup Twilio');
  await chooseProvider(dialog, page, 'Twilio');
  await dialog.getByLabel('Account SID').fill(ACCOUNT_SID);
  await dialog.getByLabel('WhatsApp sender').fill('+14155550101');
  await dialog.getByRole('button', { name: 'Save' }).click();
  const backupToken = dialog.getByLabel('Auth Token');
  await expect(backupToken).toHaveAttribute('aria-invalid', 'true');
  await expect(backupToken).toHaveAccessibleDescription(/Auth Token is required/);
  await expect(dialog.getByText('Auth Token is required.')).toBeVisible();
  // What was typed is still there; add the token and save.
  await expect(dialog.getByLabel('Name')).toHaveValue('Backup Twilio');
  await backupToken.fill('backup-token-0000-1111');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const backupRow = table.getByRole('row', { name: 'Backup Twilio' });
  await expect(backupRow).toBeVisible();
  await expect(backupRow.getByText('Active', { exact: true })).toHaveCount(0);

  if (process.env.E2E_SCREENSHOT) await page.screenshot({ path: process.env.E2E_SCREENSHOT, fullPage: true });

  // The backup stands by for the active provider; the active one can't be its own standby.
  await closeNotifications(page);
  await expect(mainRow.getByRole('button', { name: /standby/ })).toHaveCount(0);
  await backupRow.getByRole('button', { name: 'Make standby: Backup Twilio' }).click();
  await expect(backupRow.getByText('Standby', { exact: true })).toBeVisible();
  await expect(mainRow.getByText('Standby', { exact: true })).toHaveCount(0);

  // The Overview shows the active provider's health with its standby, and the last 24 hours against its tier.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }).click();
  const health = page.getByRole('region', { name: 'Active provider' });
  await expect(health.getByTestId('active-provider')).toContainText('Main Twilio');
  await expect(health.getByTestId('circuit-state')).toHaveText('Closed — sending normally');
  await expect(health.getByTestId('standby-provider')).toContainText('Backup Twilio');
  await expect(page.getByRole('region', { name: 'Last 24 hours' }).getByTestId('messaging-tier')).toContainText(/\d+ of 1,000 \(\d+%\)/);

  // Back in the settings: no standby any more.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await backupRow.getByRole('button', { name: 'Unset standby: Backup Twilio' }).click();
  await expect(backupRow.getByText('Standby', { exact: true })).toHaveCount(0);
  await expect(backupRow.getByRole('button', { name: 'Make standby: Backup Twilio' })).toBeVisible();

  // Delete the inactive one after confirming.
  await closeNotifications(page);
  await backupRow.getByRole('button', { name: 'Delete Backup Twilio' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete Backup Twilio?' });
  await expect(confirm).toContainText('Backup Twilio');
  await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(backupRow).toHaveCount(0);
  await expect(mainRow).toBeVisible();

  // After a reload, still no plaintext secret anywhere: not in the page, not in any API answer.
  await page.reload();
  await expect(mainRow.getByText('Active', { exact: true })).toBeVisible();
  await expectNoPlaintextSecret(page);
  for (const body of await Promise.all(apiBodies)) expect(body).not.toContain(SECRET);
});
