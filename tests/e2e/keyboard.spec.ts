import { expect, test, type Locator, type Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, fakeMessagesTo, setUpSending, signInAsAdmin } from './helpers';

/*
 * A whole everyday task with the keyboard alone (no click anywhere): sign in, skip to the content, find a customer,
 * open their profile and send them a WhatsApp template from it.
 */

/** Presses Tab until `target` has the focus (at most `max` times): the way a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `not reached with ${max} presses of Tab`).toBeFocused();
}

test('sign in, find a customer and send them WhatsApp from their profile, by keyboard only', async ({ page, browser, request }) => {
  test.setTimeout(90_000);
  // The data is made beforehand through the API, in a session of its own.
  const setupPage = await browser.newPage();
  await signInAsAdmin(setupPage);
  const setup = await setUpSending(setupPage, request, 'Kira Keyboard');
  await setupPage.close();

  await page.goto('/login');
  await tabTo(page, page.getByRole('textbox', { name: 'Email' }));
  await page.keyboard.type(ADMIN_EMAIL);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Password', exact: true })).toBeFocused();
  await page.keyboard.type(ADMIN_PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  // The first Tab of a page offers to skip the header and the navigation.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();

  // To the customers through the navigation, then a search.
  await tabTo(page, page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Customers' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Customers' })).toBeVisible();
  await tabTo(page, page.getByRole('searchbox', { name: 'Search' }));
  await page.keyboard.type(setup.customer.name);
  const link = page.getByRole('link', { name: setup.customer.name });
  await expect(link).toBeVisible();
  await tabTo(page, link);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: setup.customer.name })).toBeVisible();

  // Send WhatsApp: the dialog takes the focus; the template is picked by typing, the variables typed.
  await tabTo(page, page.getByRole('button', { name: 'Send WhatsApp', exact: true }));
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: `Send WhatsApp to ${setup.customer.name}` });
  await expect(dialog).toBeVisible();
  const template = dialog.getByRole('combobox', { name: 'Template' });
  await tabTo(page, template);
  await page.keyboard.type(setup.template);
  await expect(page.getByRole('option', { name: `${setup.template} (en)` })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(template).toHaveValue(`${setup.template} (en)`);
  await tabTo(page, dialog.getByRole('textbox', { name: 'Name' }));
  await page.keyboard.type('Kira');
  await tabTo(page, dialog.getByRole('textbox', { name: 'Bill' }));
  await page.keyboard.type('B-42');
  await expect(dialog.getByTestId('preview-text')).toHaveText(/^Hello Kira, your bill B-42 is ready\./);
  await tabTo(page, dialog.getByRole('button', { name: 'Send', exact: true }));
  await page.keyboard.press('Enter');

  await expect(dialog.getByTestId('message-status')).toHaveText(/Accepted|Sent|Delivered|Read/, { timeout: 20_000 });
  await expect(dialog.getByRole('button', { name: 'Close', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  expect((await fakeMessagesTo(request, setup.customer.phone))[0].parameters).toMatchObject({ '1': 'Kira', '2': 'B-42' });
});
