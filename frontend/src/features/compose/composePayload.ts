import type {
  AudienceSpec,
  BroadcastStatus,
  CreateBroadcastRequest,
  GroupDto,
  PreviewBroadcastRequest,
  SkippedCounts,
  SkipReason,
  TemplateDto,
} from '../../api/client';
import { buildSendParameters, variableKeys, variableLabel } from '../../lib/templates';

/** Who the broadcast goes to; a plan or language filter narrows any of them. */
export type AudienceMode = 'all' | 'groups' | 'customers';
export type SendWhen = 'now' | 'schedule';

export interface ComposeValues {
  audienceMode: AudienceMode;
  groupIds: number[];
  customerIds: number[];
  plan: string;
  language: string;
  templateId: number | null;
  /** Template variable key → fixed text, customer fields ({{customer.name}}) or both. */
  variables: Record<string, string>;
  when: SendWhen;
  /** The value of a datetime-local input, "2030-01-31T09:30": the user's local time. */
  scheduledAt: string;
  name: string;
}

export const initialComposeValues: ComposeValues = {
  audienceMode: 'all',
  groupIds: [],
  customerIds: [],
  plan: '',
  language: '',
  templateId: null,
  variables: {},
  when: 'now',
  scheduledAt: '',
  name: '',
};

export { variableKeys };

/** The audience as the API takes it: only the list of the chosen mode; the filter only when something is typed. */
export function buildAudience(values: ComposeValues): AudienceSpec {
  const plan = values.plan.trim();
  const language = values.language.trim();
  return {
    all: values.audienceMode === 'all',
    groupIds: values.audienceMode === 'groups' ? values.groupIds : [],
    customerIds: values.audienceMode === 'customers' ? values.customerIds : [],
    filter: plan || language ? { plan: plan || null, language: language || null } : null,
  };
}

export function buildPreviewRequest(values: ComposeValues, keys: string[]): PreviewBroadcastRequest {
  return { templateId: values.templateId, audience: buildAudience(values), variables: buildSendParameters(keys, values.variables) };
}

/** "2030-01-31T09:30" (local time) → an ISO instant in UTC, or null when it is not a time. */
export function localInputToUtcIso(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A date as a datetime-local input value, in local time, to the minute. */
export function toLocalInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function buildCreateRequest(values: ComposeValues, keys: string[]): CreateBroadcastRequest {
  return {
    ...buildPreviewRequest(values, keys),
    scheduledAt: values.when === 'schedule' ? localInputToUtcIso(values.scheduledAt) : null,
    name: values.name.trim() || null,
  };
}

/** Whether the chosen mode names somebody: everyone, or at least one group or customer. */
export function audienceChosen(values: ComposeValues): boolean {
  if (values.audienceMode === 'groups') return values.groupIds.length > 0;
  if (values.audienceMode === 'customers') return values.customerIds.length > 0;
  return true;
}

/** Enough is chosen for the server to preview: an audience, a template, a value for each variable. */
export function readyToPreview(values: ComposeValues, keys: string[]): boolean {
  return values.templateId !== null && audienceChosen(values) && keys.every((k) => (values.variables[k] ?? '').trim() !== '');
}

/** What the form checks before it asks the server; keys are form paths. */
export function validateCompose(values: ComposeValues, template: TemplateDto | null | undefined, now = new Date()): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.audienceMode === 'groups' && values.groupIds.length === 0) errors.groupIds = 'Choose at least one group.';
  if (values.audienceMode === 'customers' && values.customerIds.length === 0) errors.customerIds = 'Choose at least one customer.';
  if (values.templateId === null) errors.templateId = 'Choose a template.';
  for (const v of template?.variables ?? []) {
    if (v.key && (values.variables[v.key] ?? '').trim() === '') {
      errors[`variables.${v.key}`] = `Give ${variableLabel(v)} a value: fixed text or a customer field.`;
    }
  }
  if (values.when === 'schedule') {
    const iso = localInputToUtcIso(values.scheduledAt);
    if (iso === null) errors.scheduledAt = 'Choose the date and time to send.';
    else if (new Date(iso) <= now) errors.scheduledAt = 'Choose a time in the future, or send now.';
  }
  if (values.name.trim().length > 200) errors.name = 'At most 200 characters.';
  return errors;
}

/**
 * The input a server error key belongs to ("templateId", "audience.groupIds", "variables.1", "scheduledAt"), or
 * undefined when none shows it (the alert does).
 */
export function formPathForBroadcastField(serverKey: string, keys: string[]): string | undefined {
  const key = serverKey.trim();
  if (key.startsWith('variables.')) {
    const variable = key.slice('variables.'.length);
    return keys.includes(variable) ? `variables.${variable}` : undefined;
  }
  switch (key.toLowerCase()) {
    case 'templateid': return 'templateId';
    case 'audience': return 'audienceMode';
    case 'audience.groupids': return 'groupIds';
    case 'audience.customerids': return 'customerIds';
    case 'audience.filter.plan': return 'plan';
    case 'audience.filter.language': return 'language';
    case 'scheduledat': return 'scheduledAt';
    case 'name': return 'name';
    default: return undefined;
  }
}

/** The reasons a customer of the audience gets no message, in the order the page lists them. */
export const SKIP_REASONS: { key: keyof Omit<SkippedCounts, 'total'>; reason: SkipReason; label: string }[] = [
  { key: 'notOptedIn', reason: 'NotOptedIn', label: 'Not opted in' },
  { key: 'noMarketingConsent', reason: 'NoMarketingConsent', label: 'No consent to offers' },
  { key: 'frequencyCap', reason: 'FrequencyCap', label: 'Had their share of offers (frequency cap)' },
  { key: 'invalidPhone', reason: 'InvalidPhone', label: 'Invalid number' },
  { key: 'duplicate', reason: 'Duplicate', label: 'Duplicate number' },
  { key: 'missingValue', reason: 'MissingValue', label: 'Missing a value' },
];

/** A skip reason in words ("Not opted in"). */
export function skipReasonLabel(reason: SkipReason | undefined): string {
  return SKIP_REASONS.find((r) => r.reason === reason)?.label ?? reason ?? '';
}

/** Statuses in which a broadcast still changes by itself, and can be canceled. */
export const ACTIVE_BROADCAST_STATUSES: BroadcastStatus[] = ['Preparing', 'Scheduled', 'Sending'];

export function isActiveBroadcast(status: BroadcastStatus | undefined): boolean {
  return status !== undefined && ACTIVE_BROADCAST_STATUSES.includes(status);
}

/**
 * The audience in words: "All opted-in customers", "Groups: Downtown, Fibre", "3 chosen customers", with the filter
 * after it ("plan Fibre 500, language en_US").
 */
export function audienceSummary(audience: AudienceSpec | null | undefined, groups: GroupDto[] | undefined): string {
  if (!audience) return '';
  const parts: string[] = [];
  if (audience.all) parts.push('All opted-in customers');
  const groupIds = audience.groupIds ?? [];
  if (groupIds.length > 0) {
    const names = groupIds.map((id) => groups?.find((g) => g.id === id)?.name ?? `#${id}`);
    parts.push(`${groupIds.length === 1 ? 'Group' : 'Groups'}: ${names.join(', ')}`);
  }
  const customers = audience.customerIds?.length ?? 0;
  if (customers > 0) parts.push(`${customers} chosen ${customers === 1 ? 'customer' : 'customers'}`);
  const filter = [audience.filter?.plan && `plan ${audience.filter.plan}`, audience.filter?.language && `language ${audience.filter.language}`]
    .filter(Boolean)
    .join(', ');
  const who = parts.join(' and ') || 'Customers';
  return filter ? `${who}, only ${filter}` : who;
}
