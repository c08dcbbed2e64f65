import { expect, test, type Page } from '@playwright/test';
import { ok, setUpSending, signInAsAdmin } from './helpers';

/*
 * A phone-sized screen (390 × 844, an iPhone 12–15): Overview, Compose, the Sent Log and a customer's profile fit the
 * width (nothing scrolls sideways), sign-out stays on screen, badges are whole, and the Sent Log is a list of cards.
 */

test.use({ viewport: { width: 390, height: 844 } });

/** Nothing wider than the screen: the page does not scroll sideways. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, 'the page is wider than the screen').toBeLessThanOrEqual(innerWidth);
}

/** Every badge on screen shows its whole label (none cut with an ellipsis). */
async function expectWholeBadges(page: Page) {
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label')]
      .filter((label) => label.offsetParent !== null && label.scrollWidth > label.clientWidth + 1)
      .map((label) => label.textContent),
  );
  expect(cut, 'badges whose label is cut').toEqual([]);
}

async function expectSignOutOnScreen(page: Page, name: string) {
  const signOut = page.getByRole('button', { name: 'Sign out' });
  await expect(signOut).toBeInViewport({ ratio: 1 });
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.E2E_SCREENSHOT_DIR}/phone-${name}.png`, fullPage: true });
}

test('Overview, Compose, the Sent Log and a profile fit a 390-px screen', async ({ page, request }) => {
  await signInAsAdmin(page);
  const setup = await setUpSending(page, request, 'Phoebe Phone');
  await ok(
    await page.request.post('/api/whatsapp/messages', {
      data: { to: setup.customer.phone, templateName: setup.template, parameters: { '1': 'Phoebe', '2': 'B-390' } },
    }),
  );

  await test.step('Overview', async () => {
    await page.goto('/whatsapp/overview');
    await expect(page.getByRole('heading', { level: 2, name: 'Overview' })).toBeVisible();
    await expect(page.locator('.mantine-Skeleton-root')).toHaveCount(0);
    await expectNoSidewaysScroll(page);
    await expectSignOutOnScreen(page, 'overview');
    await expectWholeBadges(page);
  });

  await test.step('Compose', async () => {
    await page.goto('/whatsapp/compose');
    await expect(page.getByRole('heading', { level: 2, name: 'Compose' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Template' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send now' })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectSignOutOnScreen(page, 'compose');
  });

  await test.step('Sent Log', async () => {
    await page.goto('/whatsapp/log');
    await expect(page.getByRole('heading', { level: 2, name: 'Sent Log' })).toBeVisible();
    // Cards, not a table scrolled sideways: each says the status, who, and when.
    const cards = page.getByRole('list', { name: 'Sent messages' });
    await expect(cards).toBeVisible();
    await expect(page.getByRole('table', { name: 'Sent messages' })).toHaveCount(0);
    const card = cards.getByRole('listitem').filter({ hasText: setup.customer.name });
    await expect(card).toBeVisible();
    await expect(card.getByTestId('message-status')).toBeVisible();
    await expect(card.locator('time')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectSignOutOnScreen(page, 'sent-log');
    await expectWholeBadges(page);
    // A card opens its message.
    await card.getByRole('button').first().click();
    await expect(page.getByRole('dialog')).toBeVisible();
  });

  await test.step('Customer profile', async () => {
    await page.goto(`/customers/${setup.customer.id}`);
    await expect(page.getByRole('heading', { level: 2, name: setup.customer.name })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Send WhatsApp', exact: true })).toBeInViewport();
    await expect(page.getByRole('list', { name: `Messages to ${setup.customer.name}` })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectSignOutOnScreen(page, 'profile');
    await expectWholeBadges(page);
  });
});
