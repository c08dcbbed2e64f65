import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD, ok, signIn } from './helpers';

/*
 * The README's tour, taken from the running demo (screenshots.config.ts; run with `npm run screenshots`): Overview,
 * Compose, a broadcast on its way, the Sent Log, Settings → WhatsApp, the Inbox and the template editor, as
 * docs/screenshots/*.png at 1280 × 800.
 *
 * The demo's provider is first slowed to 2 messages a second, so the broadcast sent here is still going when its page
 * and the Overview are taken, and given a messaging tier, so the Overview can hold the last 24 hours against it; a
 * second configuration of the demo's account stands by for it.
 */

const OUT = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
const TEMPLATE = 'planned_maintenance';
/** The demo's account at the fake provider (backend/Features/Demo/DemoSeeder.cs). */
const DEMO_ACCOUNT_SID = 'AC00000000000000000000000000000001';
const DEMO_AUTH_TOKEN = 'demo-auth-token-0000';

interface Provider {
  id: number;
  name: string;
  providerType: string;
  isActive: boolean;
  settings: { baseUrl: string | null; messagesPerSecond: number };
}

/** Waits until nothing on the page is loading any more and the charts have drawn, then takes the viewport. */
async function shoot(page: Page, name: string) {
  await expect(page.locator('.mantine-Skeleton-root')).toHaveCount(0);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  // Charts animate in; notifications fade out.
  await page.waitForTimeout(1_500);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
}

test('README screenshots from the demo', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, DEMO_EMAIL, DEMO_PASSWORD);

  const providers = await ok<Provider[]>(await page.request.get('/api/settings/whatsapp-providers'));
  const demo = providers.find((p) => p.isActive)!;
  await ok(
    await page.request.put(`/api/settings/whatsapp-providers/${demo.id}`, {
      data: {
        name: demo.name,
        providerType: demo.providerType,
        credentials: {},
        settings: { baseUrl: demo.settings.baseUrl, messagesPerSecond: 2, dailyMessagingLimit: 1000 },
      },
    }),
  );

  // A second configuration of the demo's account at the fake, standing by for the first.
  const backup = await ok<{ id: number }>(
    await page.request.post('/api/settings/whatsapp-providers', {
      data: {
        name: 'Backup Twilio (fake provider)',
        providerType: 'twilio',
        credentials: { accountSid: DEMO_ACCOUNT_SID, authToken: DEMO_AUTH_TOKEN, from: '+14155550101' },
        settings: { baseUrl: demo.settings.baseUrl, messagesPerSecond: 20, dailyMessagingLimit: 1000 },
      },
    }),
  );
  await ok(await page.request.post(`/api/settings/whatsapp-providers/${backup.id}/standby`));

  // Compose: every opted-in customer, the maintenance notice with a customer field and fixed text, the preview.
  await page.goto('/whatsapp/compose');
  await page.getByRole('combobox', { name: 'Template' }).click();
  await page.getByRole('option', { name: `${TEMPLATE} (en)` }).click();
  await page.getByRole('button', { name: 'Insert field into Variable {{1}}' }).click();
  await page.getByRole('menuitem', { name: /^First name/ }).click();
  await page.getByRole('textbox', { name: 'Variable {{2}}' }).fill('Saturday 2–4 am');
  await page.getByRole('textbox', { name: 'Name' }).fill('Saturday maintenance');
  await expect(page.getByRole('region', { name: /^Sample message to / })).toContainText('maintenance in your area on Saturday 2–4 am');
  await shoot(page, 'compose');

  // Send it, and take its page on the way.
  await page.getByRole('button', { name: 'Send now' }).click();
  const confirm = page.getByRole('dialog', { name: /^Send to \d+ recipients\?$/ });
  await confirm.getByRole('button', { name: /^Send to \d+ recipients$/ }).click();
  await expect(page).toHaveURL(/\/whatsapp\/broadcasts\/\d+$/);
  const progress = page.getByRole('progressbar', { name: 'Broadcast progress' });
  await expect(async () => expect(Number(await progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(25)).toPass({ timeout: 60_000 });
  await expect(page.getByTestId('broadcast-status')).toHaveText('Sending');
  await shoot(page, 'broadcast-progress');

  // The Overview, with the broadcast still running.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Overview' }).click();
  await expect(page.getByRole('group', { name: 'Saturday maintenance' })).toBeVisible();
  await shoot(page, 'overview');

  // The Sent Log once the broadcast is done: the newest messages first, with the statuses the provider reported.
  await expect(page.getByRole('group', { name: 'Saturday maintenance' })).toBeHidden({ timeout: 120_000 });
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Sent Log' }).click();
  await expect(page.getByRole('row', { name: /^Message to / }).first()).toBeVisible();
  await shoot(page, 'sent-log');

  // Settings → WhatsApp: the demo's provider and its standby.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('table', { name: 'WhatsApp providers' }).getByRole('row', { name: demo.name })).toBeVisible();
  await shoot(page, 'settings-whatsapp');

  // Inbox: the demo customer whose service window is open, their thread and the reply box.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /Inbox/ }).click();
  await page.getByRole('listitem').filter({ hasText: 'Bruno Souza' }).click();
  await expect(page.getByLabel('From the customer').first()).toBeVisible();
  await expect(page.getByText(/Service window open/)).toBeVisible();
  await shoot(page, 'inbox');

  // Templates: the rich bill notice in its editor, beside the phone-style preview of its document, buttons and quick replies.
  await page.goto('/whatsapp/templates');
  await page.getByRole('button', { name: 'Edit bill_notice (en)' }).click();
  const preview = page.getByRole('dialog', { name: 'Edit bill_notice' }).getByRole('region', { name: 'Message preview' });
  await expect(preview.getByRole('listitem')).toHaveText(['Pay now', 'Talk to an agent', 'Stop promotions']);
  await preview.scrollIntoViewIfNeeded();
  await shoot(page, 'template-editor');
});
