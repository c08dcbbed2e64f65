import { randomBytes, randomInt } from 'node:crypto';
import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_PASSWORD = 'E2e-Password-123!';

/** The demo's user (scripts/demo.mjs, and the screenshots taken from the demo). */
export const DEMO_EMAIL = 'demo@example.com';
export const DEMO_PASSWORD = 'Demo-Password-1!';

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

/*
 * Fictional US numbers: 555-0100 to 555-0199 is set aside for fiction in every area code, and libphonenumber (what the
 * backend checks numbers with) accepts it in each of these real area codes: 100 area codes × 100 lines.
 */
const AREA_CODES = (
  '201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 252 ' +
  '253 254 256 260 262 267 269 270 272 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 319 ' +
  '320 321 323 325 330 331 334 336 337 339 346 347 351 352 360 361 385 386 401 402 404 405 406 407 408 409 410 412 ' +
  '413 414 417 419 423 424 425 430 432 434 435 440 442 443 458 469'
).split(' ');
const PHONE_POOL = AREA_CODES.length * 100;
// Numbers are handed out in sequence from a random start: a worker that Playwright restarts after a failure starts
// somewhere else in the pool, so it does not reuse the numbers (and the fake provider's messages) of the one before.
let nextPhone = randomInt(PHONE_POOL);
const usedPhones = new Set<string>();

/** A fictional US number (+1 NPA 555 01xx), different for every call of the run. */
export function uniquePhone(): string {
  for (;;) {
    const n = nextPhone++ % PHONE_POOL;
    const phone = `+1${AREA_CODES[Math.floor(n / 100)]}55501${String(n % 100).padStart(2, '0')}`;
    if (!usedPhones.has(phone)) {
      usedPhones.add(phone);
      return phone;
    }
  }
}

/**
 * Closes every notification on screen. They sit bottom right, over whatever is there (a table's last row of
 * actions), and stay while the pointer is over them, which is where a click on what they cover puts it.
 */
export async function closeNotifications(page: Page) {
  const close = page.getByRole('button', { name: 'Close notification' });
  // One closing may still be on its way out when the next round looks: a click on it then does nothing.
  for (let i = 0; i < 10 && (await close.count()) > 0; i++) await close.first().click({ timeout: 2_000 }).catch(() => {});
  await expect(close).toHaveCount(0);
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

export interface SendingSetup {
  /** The unique suffix of this setup's names. */
  id: string;
  providerId: number;
  /** An APPROVED template bound to the active provider, body 'Hello {{1}}, your bill {{2}} is ready.'. */
  template: string;
  body: string;
  customer: { id: number; name: string; phone: string };
}

/**
 * What any send needs, made through the APIs (the page must be signed in as an admin): a fake Twilio account, an
 * active provider on it, an approved template bound to it with two variables (Name, Bill), and an opted-in customer.
 */
export async function setUpSending(page: Page, request: APIRequestContext, customerName = 'Ana Souza'): Promise<SendingSetup> {
  const id = unique();
  const template = `bill_ready_${id}`;
  const body = 'Hello {{1}}, your bill {{2}} is ready.';
  const account = await fakeTwilioAccount(request);
  const [sid] = await seedTwilioTemplates(request, [
    { friendlyName: template, language: 'en', body, variables: { '1': 'Ana', '2': 'B-1001' }, status: 'approved' },
  ]);
  const providerId = await createFakeTwilioProvider(page, `Sending ${id}`, account, true);
  await createApprovedTemplate(page, {
    name: template,
    body,
    variables: [
      { key: '1', label: 'Name', sample: 'Ana' },
      { key: '2', label: 'Bill', sample: 'B-1001' },
    ],
    providerId,
    externalId: sid,
  });
  const customer = { name: `${customerName} ${id}`, phone: uniquePhone() };
  return { id, providerId, template, body, customer: { ...customer, id: await createOptedInCustomer(page, customer.name, customer.phone) } };
}

/** Opens the customer's profile and creates a bill there with the New bill dialog; returns the profile's bill row. */
export async function createBillOnProfile(page: Page, customer: { id: number; name: string }, amount: string) {
  await page.goto(`/customers/${customer.id}`);
  const bills = page.getByRole('region', { name: 'Bills' });
  await bills.getByRole('button', { name: 'New bill' }).click();
  const billDialog = page.getByRole('dialog', { name: `New bill for ${customer.name}` });
  await billDialog.getByRole('textbox', { name: 'Amount' }).fill(amount);
  await billDialog.getByRole('button', { name: 'Create bill' }).click();
  await expect(billDialog).toBeHidden();
  const billRow = bills.getByTestId('bill-row');
  await expect(billRow).toHaveCount(1);
  return billRow;
}
