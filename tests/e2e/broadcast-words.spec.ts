import { expect, test } from '@playwright/test';
import { closeNotifications, createCustomer, createFakeTwilioProvider, fakeTwilioAccount, ok, setUpSending, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * Words and colours that do not mislead: a scheduled broadcast says "scheduled" (its cancel dialog offers "Keep
 * scheduled"), a canceled one is grey and its messages Canceled, not red errors; who was skipped can be listed; a
 * standby says how many of the sendable templates it could carry.
 */

test('a scheduled broadcast says so, is kept or canceled as asked, then shows grey with its messages Canceled and its skipped listed', async ({ page, request }) => {
  await signInAsAdmin(page);
  const setup = await setUpSending(page, request, 'Scarlett Scheduled');
  const notOptedIn = { name: `Nolan Notin ${setup.id}`, phone: uniquePhone(), whatsAppOptIn: false };
  const notOptedInId = await createCustomer(page, notOptedIn);
  const templates = await ok<{ id: number; name: string }[]>(await page.request.get('/api/whatsapp/templates'));
  const broadcast = await ok<{ id: number }>(
    await page.request.post('/api/whatsapp/broadcasts', {
      data: {
        templateId: templates.find((t) => t.name === setup.template)!.id,
        audience: { customerIds: [setup.customer.id, notOptedInId] },
        variables: { '1': '{{customer.firstName}}', '2': 'B-7' },
        scheduledAt: new Date(Date.now() + 2 * 24 * 60 * 60_000).toISOString(),
        name: `Later ${setup.id}`,
      },
    }),
  );

  await page.goto(`/whatsapp/broadcasts/${broadcast.id}`);
  const status = page.getByTestId('broadcast-status');
  await expect(status).toHaveText('Scheduled');
  const progress = page.getByRole('region', { name: 'Progress' });
  await expect(progress).toContainText('Scheduled for');
  await expect(progress).not.toContainText(/started|sending/i);

  // Who was skipped, and why.
  const skipped = page.getByRole('table', { name: 'Skipped recipients' });
  await expect(skipped.getByRole('row', { name: new RegExp(notOptedIn.name) })).toContainText('Not opted in');
  await expect(skipped.getByRole('link', { name: notOptedIn.name })).toHaveAttribute('href', `/customers/${notOptedInId}`);

  // The cancel dialog offers to keep it scheduled, and keeping it changes nothing.
  await page.getByRole('button', { name: 'Cancel broadcast' }).click();
  let dialog = page.getByRole('dialog', { name: `Cancel Later ${setup.id}?` });
  await expect(dialog.getByRole('button', { name: 'Keep sending' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Keep scheduled' }).click();
  await expect(dialog).toBeHidden();
  await expect(status).toHaveText('Scheduled');

  await page.getByRole('button', { name: 'Cancel broadcast' }).click();
  dialog = page.getByRole('dialog', { name: `Cancel Later ${setup.id}?` });
  await dialog.getByRole('button', { name: 'Cancel broadcast' }).click();
  await expect(status).toHaveText('Canceled');
  // Grey, and not a full green bar: nothing went out.
  await expect(status).toHaveAttribute('style', /--badge-bg: var\(--mantine-color-gray-light\)/);
  const bar = page.getByRole('progressbar', { name: 'Broadcast progress' });
  await expect(bar).toHaveAttribute('aria-valuenow', '0');
  await expect(bar).toHaveAttribute('style', /--progress-section-color: var\(--mantine-color-gray-filled\)/);
  await expect(page.getByRole('button', { name: 'Cancel broadcast' })).toHaveCount(0);

  // Its message in the Sent Log: Canceled in grey, not a red failure.
  await closeNotifications(page);
  await page.getByRole('link', { name: 'View messages in the Sent Log' }).click();
  const row = page.getByRole('row', { name: `Message to ${setup.customer.name}` });
  const badge = row.getByText('Canceled', { exact: true });
  await expect(badge).toBeVisible();
  await expect(row.locator('.mantine-Badge-root')).toHaveAttribute('style', /gray/);
  await expect(row.locator('.mantine-Badge-root')).not.toHaveAttribute('style', /red/);
});

test('making a provider the standby says how many sendable templates it could carry, and the Overview says so too', async ({ page, request }) => {
  await signInAsAdmin(page);
  // The setup's provider is active with one sendable template bound to it; the standby has none bound.
  await setUpSending(page, request, 'Stella Standby');
  const standbyName = `Standby ${unique()}`;
  await createFakeTwilioProvider(page, standbyName, await fakeTwilioAccount(request), false);

  await page.goto('/settings/whatsapp');
  const row = page.getByRole('row', { name: new RegExp(standbyName) });
  await row.getByRole('button', { name: `Make standby: ${standbyName}` }).click();
  await expect(row.getByText('Standby', { exact: true })).toBeVisible();
  await expect(row.getByTestId('standby-coverage')).toHaveText('0 of 1 template bound — failover won’t send these');

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }).click();
  const standby = page.getByRole('region', { name: 'Active provider' }).getByTestId('standby-provider');
  await expect(standby).toContainText(standbyName);
  await expect(standby).not.toContainText('takes over');
  await expect(standby.getByTestId('standby-coverage')).toHaveText('0 of 1 template bound — failover won’t send these');
});
