import type { ProviderDto, ProviderTypeDto, SaveProviderRequest } from '../../api/client';

/** The mask the API shows instead of a stored secret: "••••" and, for long secrets, its last four characters. */
export const MASK_PREFIX = '••••';
export const DEFAULT_MESSAGES_PER_SECOND = 80;
export const MAX_MESSAGES_PER_SECOND = 1000;
/** The largest messaging tier the server takes (messages per 24 h). */
export const MAX_DAILY_MESSAGING_LIMIT = 100_000_000;

export function isMasked(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.startsWith(MASK_PREFIX);
}

/** A credential field as declared by the provider's driver, with the generated client's optionals resolved. */
export interface CredentialFieldDef {
  key: string;
  label: string;
  required: boolean;
  secret: boolean;
  help?: string;
  placeholder?: string;
}

export interface ProviderTypeDef {
  type: string;
  displayName: string;
  credentialFields: CredentialFieldDef[];
}

export function normalizeProviderTypes(types: ProviderTypeDto[] | null | undefined): ProviderTypeDef[] {
  return (types ?? [])
    .filter((t): t is ProviderTypeDto & { type: string } => typeof t.type === 'string' && t.type.length > 0)
    .map((t) => ({
      type: t.type,
      displayName: t.displayName || t.type,
      credentialFields: (t.credentialFields ?? [])
        .filter((f): f is typeof f & { key: string } => typeof f.key === 'string' && f.key.length > 0)
        .map((f) => ({
          key: f.key,
          label: f.label || f.key,
          required: f.required ?? false,
          secret: f.secret ?? false,
          help: f.help ?? undefined,
          placeholder: f.placeholder ?? undefined,
        })),
    }));
}

export function findProviderType(types: ProviderTypeDef[], type: string | null | undefined): ProviderTypeDef | undefined {
  if (!type) return undefined;
  return types.find((t) => t.type.toLowerCase() === type.toLowerCase());
}

/** What the add/edit form holds. Secrets start empty: an empty secret on edit keeps the stored one. */
export interface ProviderFormValues {
  name: string;
  providerType: string;
  credentials: Record<string, string>;
  /** dailyMessagingLimit: the messaging tier; empty when not set. */
  settings: { baseUrl: string; messagesPerSecond: number | string; dailyMessagingLimit: number | string };
}

export function initialProviderFormValues(provider?: ProviderDto | null): ProviderFormValues {
  const credentials: Record<string, string> = {};
  for (const [key, shown] of Object.entries(provider?.credentials ?? {})) {
    // Never pre-fill a secret, not even with its mask: the mask is shown as the placeholder instead.
    credentials[key] = shown.secret ? '' : (shown.value ?? '');
  }
  return {
    name: provider?.name ?? '',
    providerType: provider?.providerType ?? '',
    credentials,
    settings: {
      baseUrl: provider?.settings?.baseUrl ?? '',
      messagesPerSecond: provider?.settings?.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND,
      dailyMessagingLimit: provider?.settings?.dailyMessagingLimit ?? '',
    },
  };
}

/** A number input's value as a number, or null when empty or not a number. */
function numberOrNull(value: number | string): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = value.trim();
  return text === '' || !Number.isFinite(Number(text)) ? null : Number(text);
}

/**
 * The request body for create or update, from what the form holds.
 *
 * Secrets are sent only when the user typed one: an empty secret, or one still showing the API's mask,
 * is left out so the server keeps the stored value (on create it is simply absent, and the server
 * reports it if required). Non-secret fields are sent as they stand: on edit an emptied field clears it.
 */
export function buildProviderPayload(
  values: ProviderFormValues,
  fields: CredentialFieldDef[],
  mode: 'create' | 'edit',
): SaveProviderRequest {
  const credentials: Record<string, string> = {};
  for (const field of fields) {
    const raw = values.credentials[field.key] ?? '';
    if (field.secret) {
      if (raw.trim() === '' || isMasked(raw)) continue;
      credentials[field.key] = raw;
    } else {
      const value = raw.trim();
      if (value === '' && mode === 'create') continue;
      credentials[field.key] = value;
    }
  }

  const baseUrl = values.settings.baseUrl.trim();

  return {
    name: values.name.trim(),
    providerType: values.providerType,
    credentials,
    // The tier is always sent: left empty, it clears the stored one (the server keeps it only when settings are absent).
    settings: {
      baseUrl: baseUrl === '' ? null : baseUrl,
      messagesPerSecond: numberOrNull(values.settings.messagesPerSecond),
      dailyMessagingLimit: numberOrNull(values.settings.dailyMessagingLimit),
    },
  };
}

/**
 * The form input a server error key belongs to: "name", "providerType", "credentials.authToken",
 * "settings.baseUrl"… or undefined when no input shows it (e.g. "credentials" as a whole, "body").
 */
export function formPathForServerField(serverKey: string, fields: CredentialFieldDef[]): string | undefined {
  const key = serverKey.trim();
  const lower = key.toLowerCase();
  if (lower === 'name') return 'name';
  if (lower === 'providertype') return 'providerType';
  if (lower === 'settings.baseurl') return 'settings.baseUrl';
  if (lower === 'settings.messagespersecond') return 'settings.messagesPerSecond';
  if (lower === 'settings.dailymessaginglimit') return 'settings.dailyMessagingLimit';
  if (lower.startsWith('credentials.')) {
    const credentialKey = key.slice('credentials.'.length).toLowerCase();
    const field = fields.find((f) => f.key.toLowerCase() === credentialKey);
    return field ? `credentials.${field.key}` : undefined;
  }
  return undefined;
}

export interface CredentialSummaryItem {
  key: string;
  label: string;
  value: string;
  secret: boolean;
}

/** The credentials that have a value, in the driver's declared order, as the list shows them (secrets masked by the API). */
export function summarizeCredentials(provider: ProviderDto, fields: CredentialFieldDef[]): CredentialSummaryItem[] {
  const shown = provider.credentials ?? {};
  const order = fields.length > 0 ? fields : Object.keys(shown).map((key) => ({ key, label: key, secret: !!shown[key]?.secret }));
  const items: CredentialSummaryItem[] = [];
  for (const field of order) {
    const value = shown[field.key];
    if (!value?.hasValue) continue;
    const secret = field.secret || !!value.secret;
    // The API masks secrets; should a plain one ever arrive, it is still not shown.
    const text = secret ? (isMasked(value.value) ? value.value! : MASK_PREFIX) : (value.value ?? '');
    items.push({ key: field.key, label: field.label, secret, value: text });
  }
  return items;
}
