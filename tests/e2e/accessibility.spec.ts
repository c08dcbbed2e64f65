import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  createApprovedTemplate,
  createCustomer,
  createFakeTwilioProvider,
  fakeTwilioAccount,
  ok,
  seedTwilioTemplates,
  setUpSending,
  signInAsAdmin,
  unique,
  uniquePhone,
} from './helpers';

/*
 * Every page of the app, signed in as the admin, checked by axe-core: no `serious` or `critical` violation of the
 * WCAG 2.x A/AA rules. A failure lists each violation with its rule, impact, help link and the elements concerned.
 */

/** Rules with known violations not fixed yet, each with why (empty: none). */
const KNOWN_RULES: string[] = [];

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

function describeViolations(violations: AxeResults['violations']): string {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} elements)\n  ${v.helpUrl}\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `    - ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`)
          .join('\n'),
    )
    .join('\n\n');
}

/** The page's serious and critical violations, described for a reader; '' when there is none. */
async function seriousViolations(page: Page, name: string): Promise<string> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .disableRules(KNOWN_RULES)
    .analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return serious.length === 0 ? '' : `${name} (${page.url()}):\n${describeViolations(serious)}`;
}

/** Opens `path` and waits until the page has its heading and no skeleton is left loading. */
async function visit(page: Page, path: string, heading: string | RegExp) {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  await expect(page.locator('.mantine-Skeleton-root')).toHaveCount(0);
}

const BODY = 'Hi {{1}}, your service is back.';

// Runs first (this file comes first, and this test first in it), while the database is fresh.
test('first run: Overview and Compose say what to set up first, link to it, and pass axe', async ({ page }) => {
  await signInAsAdmin(page);
  const providers = await ok<unknown[]>(await page.request.get('/api/whatsapp/providers'));
  test.skip(providers.length > 0, 'Needs a database without providers: the whole suite, or this file alone, on a fresh start.');

  const failures: string[] = [];
  for (const [name, path, heading] of [
    ['Overview (first run)', '/whatsapp/overview', 'Overview'],
    ['Compose (first run)', '/whatsapp/compose', 'Compose'],
  ] as const) {
    await visit(page, path, heading);
    const guide = page.getByRole('region', { name: 'Before you can send' });
    await expect(guide).toContainText('No WhatsApp provider is set up yet');
    await expect(guide.getByRole('link', { name: 'Open Settings → WhatsApp' })).toHaveAttribute('href', '/settings/whatsapp');
    await expect(guide.getByRole('link', { name: 'Templates' })).toHaveAttribute('href', '/whatsapp/templates');
    if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/first-run-${path.split('/').pop()}.png` });
    const found = await seriousViolations(page, name);
    if (found) failures.push(found);
  }
  // The link leads where providers are added.
  await page.getByRole('region', { name: 'Before you can send' }).getByRole('link', { name: 'Open Settings → WhatsApp' }).click();
  await expect(page).toHaveURL(/\/settings\/whatsapp$/);
  await expect(page.getByRole('button', { name: 'Add provider' })).toBeVisible();
  expect(failures.length, `Serious or critical accessibility violations:\n\n${failures.join('\n\n')}`).toBe(0);
});

test('every page has no serious or critical accessibility violation', async ({ page, request }) => {
  test.setTimeout(120_000);
  // Something on every page: an active provider at the fake and a standby, an approved template, a customer in a
  // group, and a broadcast scheduled for tomorrow (it shows on the Overview and has a page of its own).
  const id = unique();
  const templateName = `axe_${id}`;
  const account = await fakeTwilioAccount(request);
  const [sid] = await seedTwilioTemplates(request, [
    { friendlyName: templateName, language: 'en', body: BODY, variables: { '1': 'Ana' }, status: 'approved' },
  ]);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, `Axe Twilio ${id}`, account, true);
  // A standby next to it: its badge and actions in the settings, its name on the Overview.
  const standbyId = await createFakeTwilioProvider(page, `Axe standby ${id}`, account, false);
  await ok(await page.request.post(`/api/settings/whatsapp-providers/${standbyId}/standby`));
  await createApprovedTemplate(page, {
    name: templateName,
    body: BODY,
    variables: [{ key: '1', label: 'Customer name', sample: 'Ana' }],
    providerId,
    externalId: sid,
  });
  const templates = await ok<{ id: number; name: string }[]>(await page.request.get('/api/whatsapp/templates'));
  const templateId = templates.find((t) => t.name === templateName)!.id;
  const customerId = await createCustomer(page, { name: `Axe ${id}`, phone: uniquePhone(), whatsAppOptIn: true });
  const group = await ok<{ id: number }>(await page.request.post('/api/groups', { data: { name: `Axe group ${id}`, description: 'Accessibility' } }));
  await ok(await page.request.post(`/api/groups/${group.id}/members`, { data: { customerIds: [customerId] } }));
  const broadcast = await ok<{ id: number }>(
    await page.request.post('/api/whatsapp/broadcasts', {
      data: {
        templateId,
        audience: { all: false, groupIds: [group.id], customerIds: [] },
        variables: { '1': '{{customer.name}}' },
        scheduledAt: new Date(Date.now() + 24 * 60 * 60_000).toISOString(),
        name: `Axe broadcast ${id}`,
      },
    }),
  );

  const pages: [string, string, string | RegExp][] = [
    ['Overview', '/whatsapp/overview', 'Overview'],
    ['Templates', '/whatsapp/templates', 'Templates'],
    ['Compose', '/whatsapp/compose', /Compose/],
    ['Sent Log', '/whatsapp/log', 'Sent Log'],
    ['Customers', '/customers', 'Customers'],
    ['Customer profile', `/customers/${customerId}`, `Axe ${id}`],
    ['Groups', '/groups', 'Groups'],
    ['Group', `/groups/${group.id}`, `Axe group ${id}`],
    ['Settings: WhatsApp', '/settings/whatsapp', 'Settings'],
    ['Settings: Automations', '/settings/automations', 'Settings'],
    ['Settings: API keys', '/settings/api-keys', 'Settings'],
    ['Settings: Users', '/settings/users', 'Settings'],
    ['Broadcast', `/whatsapp/broadcasts/${broadcast.id}`, `Axe broadcast ${id}`],
  ];

  const failures: string[] = [];
  for (const [name, path, heading] of pages) {
    await test.step(name, async () => {
      await visit(page, path, heading);
      const found = await seriousViolations(page, name);
      if (found) failures.push(found);
    });
  }
  expect(failures.length, `Serious or critical accessibility violations:\n\n${failures.join('\n\n')}`).toBe(0);
});

test('open dialogs and refused forms have no serious or critical accessibility violation', async ({ page, request }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page);
  const setup = await setUpSending(page, request, 'Axel Dialog');
  const failures: string[] = [];
  const check = async (name: string) => {
    const found = await seriousViolations(page, name);
    if (found) failures.push(found);
  };

  await test.step('Send WhatsApp, open and refused', async () => {
    await visit(page, `/customers/${setup.customer.id}`, setup.customer.name);
    await page.getByRole('button', { name: 'Send WhatsApp', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Send WhatsApp to ${setup.customer.name}` });
    await expect(dialog.getByRole('combobox', { name: 'Template' })).toBeVisible();
    await check('Send WhatsApp dialog');
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await page.keyboard.press('Escape'); // closes the template list the focus opened
    await check('Send WhatsApp dialog, refused');
    await dialog.getByRole('button', { name: 'Close Send WhatsApp' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('Customer details, refused', async () => {
    const details = page.getByRole('form', { name: `Details of ${setup.customer.name}` });
    await details.getByRole('textbox', { name: 'Name' }).fill('');
    await details.getByRole('button', { name: 'Save' }).click();
    await expect(details.getByRole('textbox', { name: 'Name' })).toBeFocused();
    await check('Customer details, refused');
  });

  await test.step('Compose, refused', async () => {
    await visit(page, '/whatsapp/compose', 'Compose');
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByRole('combobox', { name: 'Template' })).toBeFocused();
    await page.keyboard.press('Escape');
    await check('Compose, refused');
  });

  await test.step('Add customer dialog, refused', async () => {
    await visit(page, '/customers', 'Customers');
    await page.getByRole('button', { name: 'Add customer' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add customer' });
    await dialog.getByRole('button', { name: 'Add customer' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Name' })).toBeFocused();
    await check('Add customer dialog, refused');
  });

  await test.step('Settings → Users: reset password dialog, refused', async () => {
    await visit(page, '/settings/users', 'Settings');
    const email = `axe-${setup.id}@e2e.test`;
    await ok(await page.request.post('/api/users', { data: { email, password: 'Axe-Password-1!', role: 'Staff' } }));
    await page.reload();
    await page.getByRole('button', { name: `Reset password of ${email}` }).click();
    const dialog = page.getByRole('dialog', { name: `Reset the password of ${email}` });
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect(dialog.getByLabel(/^New password/)).toBeFocused();
    await check('Reset password dialog, refused');
  });

  expect(failures.length, `Serious or critical accessibility violations:\n\n${failures.join('\n\n')}`).toBe(0);
});
