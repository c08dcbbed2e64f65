import { randomBytes, randomInt } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_PASSWORD = 'E2e-Password-123!';

/** Fills the sign-in form (the page must show it) and waits until the app has left /login. */
export async function signIn(page: Page, email = ADMIN_EMAIL, password = ADMIN_PASSWORD) {
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Opens /login directly and signs in as the admin. */
export async function signInAsAdmin(page: Page) {
  await page.goto('/login');
  await signIn(page);
}

/** The fake provider server (tools/FakeProvider) the e2e run starts next to the backend. */
export const FAKE_PROVIDER_URL = process.env.E2E_FAKE_PROVIDER_URL ?? 'http://127.0.0.1:5190';

/* Test data, made through the APIs of the backend and of the fake provider. */

const SENDER = '+14155550100';

export interface FakeMessage {
  to: string;
  template: string | null;
  parameters: unknown;
  outcome: string;
  accountId: string;
}

/** A short unique suffix for names: lowercase letters and digits, as template names allow. */
export const unique = () => `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;

/** A US number from the fictional 555-01xx range, different for every call of the run. */
const usedPhones = new Set<string>();
export function uniquePhone(): string {
  for (;;) {
    const phone = `+1415555${String(100 + randomInt(100)).padStart(4, '0')}`;
    if (!usedPhones.has(phone)) {
      usedPhones.add(phone);
      return phone;
    }
  }
}

export async function ok<T>(response: Awaited<ReturnType<APIRequestContext['post']>>): Promise<T> {
  expect(response.ok(), `${response.url()} answered ${response.status()}: ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Registers a Twilio account at the fake and returns its credentials. */
export async function fakeTwilioAccount(request: APIRequestContext) {
  const account = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomBytes(16).toString('hex') };
  await ok(await request.post(`${FAKE_PROVIDER_URL}/_fake/accounts/twilio`, { data: { ...account, friendlyName: 'E2E account' } }));
  return account;
}

/** Adds Content API templates at the fake (appended, so other tests' templates stay) and returns their ContentSids. */
export async function seedTwilioTemplates(request: APIRequestContext, templates: Record<string, unknown>[]): Promise<string[]> {
  const { sids } = await ok<{ sids: string[] }>(
    await request.post(`${FAKE_PROVIDER_URL}/_fake/templates/twilio?append=true`, { data: templates }),
  );
  return sids;
}

export async function fakeMessagesTo(request: APIRequestContext, phone: string): Promise<FakeMessage[]> {
  return ok<FakeMessage[]>(await request.get(`${FAKE_PROVIDER_URL}/_fake/messages?provider=twilio&to=${encodeURIComponent(phone)}`));
}

/** Creates a Twilio provider pointing at the fake through the API (the page's cookies sign the call in); optionally active. */
export async function createFakeTwilioProvider(page: Page, name: string, account: { accountSid: string; authToken: string }, active: boolean) {
  const provider = await ok<{ id: number }>(
    await page.request.post('/api/settings/whatsapp-providers', {
      data: {
        name,
        providerType: 'twilio',
        credentials: { ...account, from: SENDER },
        settings: { baseUrl: FAKE_PROVIDER_URL, messagesPerSecond: 80 },
      },
    }),
  );
  if (active) await ok(await page.request.post(`/api/settings/whatsapp-providers/${provider.id}/set-active`));
  return provider.id;
}

/** Adds an approved template by hand, bound to a provider by that provider's id for it (a Twilio ContentSid). */
export async function createApprovedTemplate(
  page: Page,
  template: { name: string; body: string; variables: { key: string; label: string; sample: string }[]; providerId: number; externalId: string },
) {
  const { name, body, variables, providerId, externalId } = template;
  await ok(
    await page.request.post('/api/whatsapp/templates', {
      data: { name, language: 'en', category: 'UTILITY', status: 'APPROVED', body, variables, bindings: [{ providerId, externalId }] },
    }),
  );
}

/** Creates a customer through the API and returns their id. */
export async function createCustomer(page: Page, customer: { name: string; phone: string; whatsAppOptIn: boolean; plan?: string }) {
  const created = await ok<{ customer: { id: number } }>(await page.request.post('/api/customers', { data: customer }));
  return created.customer.id;
}

export async function createOptedInCustomer(page: Page, name: string, phone: string) {
  return createCustomer(page, { name, phone, whatsAppOptIn: true });
}
