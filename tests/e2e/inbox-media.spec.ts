import { expect, test } from '@playwright/test';
import type { APIRequestContext } from '@playwright/test';
import { createFakeTwilioProvider, FAKE_PROVIDER_URL, fakeTwilioAccount, ok, signInAsAdmin, unique, uniquePhone } from './helpers';

/*
 * Files in the inbox end to end: a customer's picture, posted by the fake as Twilio posts it, is downloaded by the app
 * with the account's credentials (Basic auth, then Twilio's presigned redirect) and shown in the thread; staff attach a
 * PDF to their answer and the fake receives a session media message whose link it can download.
 */

// A real 1×1 PNG, so the browser can draw it.
const PIXEL = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

interface SentMessage {
  id: string;
  template: string | null;
  outcome: string;
  rawBody: string;
}

const sentTo = async (request: APIRequestContext, phone: string) =>
  ok<SentMessage[]>(await request.get(`${FAKE_PROVIDER_URL}/_fake/messages?provider=twilio&to=${encodeURIComponent(phone)}`));

interface MediaFetch {
  statusCode: number | null;
  contentType: string | null;
  isPdf: boolean;
}

test('inbox media: a picture from the fake is shown in the thread, and staff reply with an attachment the fake receives', async ({ page, request }) => {
  const id = unique();
  const account = await fakeTwilioAccount(request);
  await signInAsAdmin(page);
  const providerId = await createFakeTwilioProvider(page, `Media Twilio ${id}`, account, true);
  const phone = uniquePhone();
  const name = `Photo sender ${id}`;

  const origin = new URL(page.url()).origin;
  const delivered = await ok<{ statusCode: number }>(
    await request.post(`${FAKE_PROVIDER_URL}/_fake/inbound`, {
      data: {
        provider: 'twilio',
        accountId: account.accountSid,
        from: phone,
        text: `The router lights ${id}`,
        kind: 'image',
        mediaType: 'image/png',
        mediaBase64: PIXEL,
        profileName: name,
        url: `${origin}/api/webhooks/whatsapp/${providerId}/inbound`,
      },
    }),
  );
  expect(delivered.statusCode).toBe(200);

  await page.goto('/whatsapp/inbox');
  await page.getByRole('listitem').filter({ hasText: name }).click();
  const fromCustomer = page.getByLabel('From the customer').filter({ hasText: `The router lights ${id}` });
  const picture = fromCustomer.getByRole('img');
  await expect(picture).toBeVisible();
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  await page.locator('input[type=file]').setInputFiles({ name: `bill-${id}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await expect(page.getByLabel('Attached file')).toContainText(`bill-${id}.pdf`);
  await page.getByRole('textbox', { name: 'Reply' }).fill(`Your bill ${id}`);
  await page.getByRole('button', { name: 'Send' }).click();
  const fromUs = page.getByLabel('From us').filter({ hasText: `Your bill ${id}` });
  await expect(fromUs.getByRole('link', { name: new RegExp(`bill-${id}\\.pdf`) })).toBeVisible();
  await expect(page.getByLabel('Attached file')).toHaveCount(0);

  await expect
    .poll(async () => (await sentTo(request, phone)).map((m) => ({ template: m.template, outcome: m.outcome, media: m.rawBody.includes('MediaUrl=') })))
    .toEqual([{ template: null, outcome: 'accepted', media: true }]);
  const [sent] = await sentTo(request, phone);
  await expect
    .poll(async () => (await ok<MediaFetch[]>(await request.get(`${FAKE_PROVIDER_URL}/_fake/media-fetches?messageId=${sent.id}`))).map((f) => [f.statusCode, f.isPdf]))
    .toEqual([[200, true]]);
});
