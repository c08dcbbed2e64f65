import { describe, expect, it } from 'vitest';
import type { ProviderDto } from '../../api/client';
import { buildProviderPayload, formPathForServerField, initialProviderFormValues, normalizeProviderTypes, summarizeCredentials, type ProviderFormValues } from './providerPayload';

const [twilio] = normalizeProviderTypes([
  {
    type: 'twilio',
    displayName: 'Twilio',
    credentialFields: [
      { key: 'accountSid', label: 'Account SID', required: true, secret: false, placeholder: 'AC…' },
      { key: 'authToken', label: 'Auth Token', required: true, secret: true },
      { key: 'apiKeySid', label: 'API Key SID', required: false, secret: false },
      { key: 'apiKeySecret', label: 'API Key Secret', required: false, secret: true },
      { key: 'from', label: 'WhatsApp sender', required: false, secret: false },
    ],
  },
]);
const fields = twilio.credentialFields;
const SID = 'AC0123456789abcdef0123456789abcdef';

const stored: ProviderDto = {
  id: 7,
  name: 'Main Twilio',
  providerType: 'twilio',
  isActive: true,
  credentialsReadable: true,
  credentials: {
    accountSid: { value: SID, hasValue: true, secret: false },
    authToken: { value: '••••9876', hasValue: true, secret: true },
    apiKeySid: { value: null, hasValue: false, secret: false },
    apiKeySecret: { value: null, hasValue: false, secret: true },
    from: { value: '+14155550100', hasValue: true, secret: false },
  },
  settings: { baseUrl: null, messagesPerSecond: 80, dailyMessagingLimit: 10_000 },
};

function values(overrides: Partial<ProviderFormValues> = {}): ProviderFormValues {
  return {
    name: 'Main Twilio',
    providerType: 'twilio',
    credentials: {},
    settings: { baseUrl: '', messagesPerSecond: 80, dailyMessagingLimit: '' },
    ...overrides,
  };
}

describe('initialProviderFormValues', () => {
  it('fills plain credentials but never a secret, not even with its mask', () => {
    const initial = initialProviderFormValues(stored);
    expect(initial.credentials).toEqual({ accountSid: SID, authToken: '', apiKeySid: '', apiKeySecret: '', from: '+14155550100' });
    expect(initial.name).toBe('Main Twilio');
    expect(initial.settings).toEqual({ baseUrl: '', messagesPerSecond: 80, dailyMessagingLimit: 10_000 });
  });

  it('starts a new provider empty with 80 messages per second', () => {
    expect(initialProviderFormValues()).toEqual({
      name: '',
      providerType: '',
      credentials: {},
      settings: { baseUrl: '', messagesPerSecond: 80, dailyMessagingLimit: '' },
    });
  });
});

describe('buildProviderPayload', () => {
  it('on create sends every typed credential and leaves out empty ones', () => {
    const payload = buildProviderPayload(
      values({
        name: '  Main Twilio ',
        credentials: { accountSid: ` ${SID} `, authToken: 'e2e-secret-token-9876', apiKeySid: '', apiKeySecret: '', from: '+14155550100' },
      }),
      fields,
      'create',
    );

    expect(payload).toEqual({
      name: 'Main Twilio',
      providerType: 'twilio',
      credentials: { accountSid: SID, authToken: 'e2e-secret-token-9876', from: '+14155550100' },
      settings: { baseUrl: null, messagesPerSecond: 80, dailyMessagingLimit: null },
    });
  });

  it('on edit leaves out a secret the user did not retype, so the stored one is kept', () => {
    const payload = buildProviderPayload(
      { ...initialProviderFormValues(stored), name: 'Renamed Twilio' },
      fields,
      'edit',
    );

    expect(payload.credentials).not.toHaveProperty('authToken');
    expect(payload.credentials).not.toHaveProperty('apiKeySecret');
    expect(payload.credentials).toEqual({ accountSid: SID, apiKeySid: '', from: '+14155550100' });
    expect(payload.name).toBe('Renamed Twilio');
  });

  it('on edit leaves out a secret that still shows the mask', () => {
    const form = initialProviderFormValues(stored);
    form.credentials.authToken = '••••9876';
    form.credentials.apiKeySecret = '••••';

    const payload = buildProviderPayload(form, fields, 'edit');

    expect(Object.keys(payload.credentials ?? {})).not.toContain('authToken');
    expect(Object.keys(payload.credentials ?? {})).not.toContain('apiKeySecret');
  });

  it('on edit sends a secret the user typed, untrimmed', () => {
    const form = initialProviderFormValues(stored);
    form.credentials.authToken = 'new token with spaces ';

    expect(buildProviderPayload(form, fields, 'edit').credentials).toMatchObject({ authToken: 'new token with spaces ' });
  });

  it('treats a whitespace-only secret as not typed', () => {
    const form = initialProviderFormValues(stored);
    form.credentials.authToken = '   ';
    expect(buildProviderPayload(form, fields, 'edit').credentials).not.toHaveProperty('authToken');
  });

  it('on edit sends an emptied plain field as "" so the server clears it', () => {
    const form = initialProviderFormValues(stored);
    form.credentials.from = '';
    expect(buildProviderPayload(form, fields, 'edit').credentials).toMatchObject({ from: '' });
  });

  it('sends only the declared fields of the chosen type, whatever else the form holds', () => {
    const payload = buildProviderPayload(
      values({ credentials: { accountSid: SID, authToken: 'x'.repeat(20), phoneNumberId: '123', accessToken: 'meta-token' } }),
      fields,
      'create',
    );
    expect(Object.keys(payload.credentials ?? {}).sort()).toEqual(['accountSid', 'authToken']);
  });

  it('trims the base URL and sends null when it is blank', () => {
    const settings = (baseUrl: string, messagesPerSecond: number | string) =>
      buildProviderPayload(values({ settings: { baseUrl, messagesPerSecond, dailyMessagingLimit: '' } }), fields, 'create').settings;
    expect(settings('  https://eu.twilio.test  ', 25)).toEqual({ baseUrl: 'https://eu.twilio.test', messagesPerSecond: 25, dailyMessagingLimit: null });
    expect(settings('   ', '')).toEqual({ baseUrl: null, messagesPerSecond: null, dailyMessagingLimit: null });
    expect(settings('', '40')).toEqual({ baseUrl: null, messagesPerSecond: 40, dailyMessagingLimit: null });
  });

  it('sends the messaging tier as a number, and null when emptied so the server clears it', () => {
    const form = initialProviderFormValues(stored);
    expect(buildProviderPayload(form, fields, 'edit').settings?.dailyMessagingLimit).toBe(10_000);
    form.settings.dailyMessagingLimit = '100000';
    expect(buildProviderPayload(form, fields, 'edit').settings?.dailyMessagingLimit).toBe(100_000);
    form.settings.dailyMessagingLimit = '';
    expect(buildProviderPayload(form, fields, 'edit').settings?.dailyMessagingLimit).toBeNull();
  });
});

describe('formPathForServerField', () => {
  it('maps the server keys onto the form inputs', () => {
    expect(formPathForServerField('name', fields)).toBe('name');
    expect(formPathForServerField('providerType', fields)).toBe('providerType');
    expect(formPathForServerField('credentials.authToken', fields)).toBe('credentials.authToken');
    expect(formPathForServerField('credentials.AuthToken', fields)).toBe('credentials.authToken');
    expect(formPathForServerField('settings.baseUrl', fields)).toBe('settings.baseUrl');
    expect(formPathForServerField('settings.messagesPerSecond', fields)).toBe('settings.messagesPerSecond');
    expect(formPathForServerField('settings.dailyMessagingLimit', fields)).toBe('settings.dailyMessagingLimit');
  });

  it('leaves keys without an input to the alert', () => {
    expect(formPathForServerField('credentials', fields)).toBeUndefined();
    expect(formPathForServerField('credentials.unknownKey', fields)).toBeUndefined();
    expect(formPathForServerField('body', fields)).toBeUndefined();
  });
});

describe('summarizeCredentials', () => {
  it('lists the credentials that have a value, in declared order, secrets masked', () => {
    expect(summarizeCredentials(stored, fields)).toEqual([
      { key: 'accountSid', label: 'Account SID', value: SID, secret: false },
      { key: 'authToken', label: 'Auth Token', value: '••••9876', secret: true },
      { key: 'from', label: 'WhatsApp sender', value: '+14155550100', secret: false },
    ]);
  });

  it('never shows a secret in plain text, even if one arrived unmasked', () => {
    const leaky: ProviderDto = { ...stored, credentials: { authToken: { value: 'plaintext-secret', hasValue: true, secret: true } } };
    expect(summarizeCredentials(leaky, fields)).toEqual([{ key: 'authToken', label: 'Auth Token', value: '••••', secret: true }]);
  });
});
