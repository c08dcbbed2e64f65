import type {
  ButtonType,
  HeaderFormat,
  ProviderSummaryDto,
  QuickReplyAction,
  SaveTemplateRequest,
  TemplateBindingDto,
  TemplateCategory,
  TemplateDto,
  TemplateStatus,
  TemplateSyncResult,
  TemplateButton,
  TemplateHeader,
  TemplateVariable,
} from '../../api/client';
import { componentParameters, type ComponentParameter } from '../../lib/templateParts';
import { analyzePlaceholders, humanizeKey } from '../../lib/templateText';

export const MAX_BUTTONS = 10;

export const HEADER_FORMAT_OPTIONS: { value: HeaderFormat; label: string }[] = [
  { value: 'None', label: 'No header' },
  { value: 'Text', label: 'Text' },
  { value: 'Image', label: 'Image' },
  { value: 'Video', label: 'Video' },
  { value: 'Document', label: 'Document (e.g. the bill as a PDF)' },
  { value: 'Location', label: 'Location (not sendable by this app)' },
];

export const BUTTON_TYPE_OPTIONS: { value: ButtonType; label: string }[] = [
  { value: 'QuickReply', label: 'Quick reply' },
  { value: 'Url', label: 'Visit website (URL)' },
  { value: 'PhoneNumber', label: 'Call phone number' },
  { value: 'CopyCode', label: 'Copy code' },
  { value: 'Otp', label: 'One-time password (not sendable)' },
];

export const QUICK_REPLY_ACTION_OPTIONS: { value: QuickReplyAction; label: string }[] = [
  { value: 'None', label: 'Nothing' },
  { value: 'AskForAgent', label: 'Ask for an agent' },
  { value: 'OpenTicket', label: 'Open a support ticket' },
  { value: 'StopMarketing', label: 'Stop marketing messages' },
  { value: 'StopAll', label: 'Stop all messages (opt out)' },
];

/** The header as the form edits it: every field a string, the unused ones ignored for the chosen format. */
export interface HeaderValues {
  format: HeaderFormat;
  text: string;
  mediaUrl: string;
  fileName: string;
}

/** One button as the form edits it; only the field its type uses is sent. */
export interface ButtonRow {
  type: ButtonType;
  text: string;
  url: string;
  phoneNumber: string;
  code: string;
  /** What a tap does (quick replies only). */
  action: QuickReplyAction;
}

export const DEFAULT_LANGUAGE = 'en_US';
export const MAX_BODY_LENGTH = 1024;

export const CATEGORY_OPTIONS: { value: TemplateCategory; label: string }[] = [
  { value: 'UTILITY', label: 'Utility — bills, payments, outages' },
  { value: 'MARKETING', label: 'Marketing — offers, upgrades' },
  { value: 'AUTHENTICATION', label: 'Authentication — one-time codes' },
];

export const TEMPLATE_STATUSES: TemplateStatus[] = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED'];

/** Badge colour per approval status: approved green, pending yellow, rejected red, paused/disabled gray. */
export function templateStatusColor(status: TemplateStatus | undefined): string {
  switch (status) {
    case 'APPROVED': return 'green';
    case 'PENDING': return 'yellow';
    case 'REJECTED': return 'red';
    default: return 'gray';
  }
}

/** One row of the form's variables: derived from the body's placeholders, label and sample typed by the user. */
export interface VariableRow {
  key: string;
  label: string;
  sample: string;
}

/** One provider the template can be bound to: the provider's own id for it (Twilio ContentSid, or the name at Vonage/Meta). */
export interface BindingRow {
  providerId: number;
  providerName: string;
  providerType: string;
  isActive: boolean;
  externalId: string;
}

export interface TemplateFormValues {
  name: string;
  language: string;
  category: TemplateCategory;
  status: TemplateStatus;
  body: string;
  header: HeaderValues;
  footer: string;
  buttons: ButtonRow[];
  variables: VariableRow[];
  bindings: BindingRow[];
}

const blank = (value: string) => (value.trim() === '' ? null : value.trim());

/** The header the form describes, as the API takes it; null for no header. */
export function headerOf(h: HeaderValues): TemplateHeader | null {
  switch (h.format) {
    case 'None': return null;
    case 'Text': return { format: 'Text', text: h.text.trim() };
    case 'Location': return { format: 'Location' };
    default: return { format: h.format, mediaUrl: blank(h.mediaUrl), fileName: h.format === 'Document' ? blank(h.fileName) : null };
  }
}

/** The buttons as the API takes them: each with only the field its type uses. */
export function buttonsOf(rows: ButtonRow[]): TemplateButton[] {
  return rows.map((b) => ({
    type: b.type,
    text: b.text.trim(),
    url: b.type === 'Url' ? b.url.trim() : null,
    phoneNumber: b.type === 'PhoneNumber' ? b.phoneNumber.trim() : null,
    code: b.type === 'CopyCode' ? blank(b.code) : null,
    action: b.type === 'QuickReply' && b.action !== 'None' ? b.action : null,
  }));
}

/** The parameters the header and buttons add after the body's. */
export function formComponentParameters(values: Pick<TemplateFormValues, 'header' | 'buttons'>): ComponentParameter[] {
  return componentParameters(headerOf(values.header), buttonsOf(values.buttons));
}

export const emptyButton = (type: ButtonType = 'QuickReply'): ButtonRow => ({ type, text: '', url: '', phoneNumber: '', code: '', action: 'None' });

/** A stored variable as a form row; a label that only repeats the key (the server's default) is shown as no label. */
function toRow(v: TemplateVariable): VariableRow {
  const key = v.key ?? '';
  const label = v.label ?? '';
  return { key, label: label === key ? humanizeKey(key) : label, sample: v.sample ?? '' };
}

/**
 * The variable rows for a body and the header's and buttons' parts: one per placeholder, in the server's order, then
 * one per part (`header:media`, `button:1` …). A row keeps the label and sample typed for its key, also when the
 * placeholder was deleted and typed again (`remembered`).
 */
export function deriveVariables(
  body: string,
  current: VariableRow[],
  remembered: Record<string, VariableRow> = {},
  parts: ComponentParameter[] = [],
): VariableRow[] {
  const byKey = new Map(current.map((row) => [row.key, row]));
  return [
    ...analyzePlaceholders(body).keys.map((key) => byKey.get(key) ?? remembered[key] ?? { key, label: humanizeKey(key), sample: '' }),
    ...parts.map((p) => byKey.get(p.key) ?? remembered[p.key] ?? { key: p.key, label: p.label, sample: '' }),
  ];
}

/** Binding rows: one per configured provider when the list is known (admins), else the template's existing bindings. */
export function bindingRows(bindings: TemplateBindingDto[] | null | undefined, providers: ProviderSummaryDto[] | null | undefined): BindingRow[] {
  const existing = bindings ?? [];
  if (!providers) {
    return existing.map((b) => ({
      providerId: b.providerId ?? 0,
      providerName: b.providerName ?? `Provider ${b.providerId}`,
      providerType: b.providerType ?? '',
      isActive: false,
      externalId: b.externalId ?? '',
    }));
  }
  const rows: BindingRow[] = [...providers]
    .filter((p) => typeof p.id === 'number')
    // The active provider first: it is the one messages go through.
    .sort((a, b) => Number(!!b.isActive) - Number(!!a.isActive))
    .map((p) => ({
      providerId: p.id!,
      providerName: p.name ?? `Provider ${p.id}`,
      providerType: p.providerType ?? '',
      isActive: !!p.isActive,
      externalId: existing.find((b) => b.providerId === p.id)?.externalId ?? '',
    }));
  // A binding to a provider the list does not know (should not happen) is kept rather than silently dropped.
  for (const b of existing) {
    if (!rows.some((r) => r.providerId === b.providerId)) {
      rows.push({
        providerId: b.providerId ?? 0,
        providerName: b.providerName ?? `Provider ${b.providerId}`,
        providerType: b.providerType ?? '',
        isActive: false,
        externalId: b.externalId ?? '',
      });
    }
  }
  return rows;
}

export function initialTemplateFormValues(template?: TemplateDto | null, providers?: ProviderSummaryDto[] | null): TemplateFormValues {
  const body = template?.body ?? '';
  const h = template?.header;
  const header: HeaderValues = { format: h?.format ?? 'None', text: h?.text ?? '', mediaUrl: h?.mediaUrl ?? '', fileName: h?.fileName ?? '' };
  const buttons: ButtonRow[] = (template?.buttons ?? []).map((b) => ({
    type: b.type ?? 'QuickReply',
    text: b.text ?? '',
    url: b.url ?? '',
    phoneNumber: b.phoneNumber ?? '',
    code: b.code ?? '',
    action: b.action ?? 'None',
  }));
  return {
    name: template?.name ?? '',
    language: template?.language ?? DEFAULT_LANGUAGE,
    category: template?.category ?? 'UTILITY',
    // Hand-entered templates are usually ones already approved at the provider.
    status: template?.status ?? 'APPROVED',
    body,
    header,
    footer: template?.footer ?? '',
    buttons,
    variables: deriveVariables(body, (template?.variables ?? []).map(toRow), {}, formComponentParameters({ header, buttons })),
    bindings: bindingRows(template?.bindings, providers),
  };
}

/** What the provider calls its id for a template, as a label and an example, per provider type. */
export function externalIdHint(providerType: string): { label: string; placeholder: string } {
  switch (providerType.toLowerCase()) {
    case 'twilio': return { label: 'Content SID', placeholder: 'HX0123456789abcdef0123456789abcdef' };
    case 'vonage': return { label: 'Template name at Vonage', placeholder: 'bill_due' };
    case 'meta': return { label: 'Template name at Meta', placeholder: 'bill_due' };
    default: return { label: 'Template id at the provider', placeholder: '' };
  }
}

/**
 * The request body for create or update. `editBindings` is true when the form showed the bindings as editable
 * (an admin who could load the providers); otherwise bindings are left out, so the server keeps the stored ones.
 * An emptied provider id removes that binding.
 */
export function buildTemplatePayload(values: TemplateFormValues, editBindings: boolean): SaveTemplateRequest {
  const bindings = editBindings
    ? values.bindings
        .filter((b) => b.externalId.trim() !== '')
        .map((b) => ({ providerId: b.providerId, externalId: b.externalId.trim() }))
    : null;
  return {
    name: values.name.trim(),
    language: values.language.trim(),
    category: values.category,
    status: values.status,
    body: values.body,
    // "None" and "" and [] are sent, not left out: they remove a header, footer or buttons the template had.
    header: headerOf(values.header) ?? { format: 'None' },
    footer: values.footer.trim(),
    buttons: buttonsOf(values.buttons),
    variables: values.variables.map((v) => ({
      key: v.key,
      label: v.label.trim() === '' ? null : v.label.trim(),
      sample: v.sample.trim() === '' ? null : v.sample.trim(),
    })),
    bindings,
  };
}

/**
 * The form input a server error key belongs to ("name", "body", "variables.1" → "variables.0.label",
 * "bindings[0].externalId" → the input of that provider), or undefined when none shows it.
 */
export function formPathForTemplateField(serverKey: string, values: TemplateFormValues, payload: SaveTemplateRequest): string | undefined {
  const key = serverKey.trim();
  const lower = key.toLowerCase();
  if (['name', 'language', 'category', 'body', 'status', 'footer'].includes(lower)) return lower;
  const header = /^header\.(text|mediaurl|filename)$/.exec(lower);
  if (header) return `header.${{ text: 'text', mediaurl: 'mediaUrl', filename: 'fileName' }[header[1]]}`;
  const button = /^buttons\[(\d+)\]\.(text|url|phonenumber|code|type|action)$/.exec(lower);
  if (button) return `buttons.${button[1]}.${{ text: 'text', url: 'url', phonenumber: 'phoneNumber', code: 'code', type: 'type', action: 'action' }[button[2]]}`;
  if (lower.startsWith('variables.')) {
    const variableKey = key.slice('variables.'.length);
    const index = values.variables.findIndex((v) => v.key === variableKey);
    return index === -1 ? undefined : `variables.${index}.label`;
  }
  const binding = /^bindings\[(\d+)\](?:\.(externalid|providerid))?$/.exec(lower);
  if (binding) {
    const providerId = payload.bindings?.[Number(binding[1])]?.providerId;
    const index = values.bindings.findIndex((b) => b.providerId === providerId);
    return index === -1 ? undefined : `bindings.${index}.externalId`;
  }
  return undefined;
}

/** The input a send refusal belongs to: "to", "parameters.<key>" (when the template has it), else undefined. */
export function formPathForSendField(serverKey: string, keys: string[]): string | undefined {
  const key = serverKey.trim();
  if (key.toLowerCase() === 'to') return 'to';
  if (key.startsWith('parameters.')) {
    const parameter = key.slice('parameters.'.length);
    return keys.includes(parameter) ? `parameters.${parameter}` : undefined;
  }
  return undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "2 created, 1 updated, 3 unchanged — 6 templates at Main Twilio." */
export function syncSummary(result: TemplateSyncResult): string {
  const { created = 0, updated = 0, unchanged = 0, total = 0 } = result;
  const at = result.providerName ? ` at ${result.providerName}` : ' at the provider';
  return `${created} created, ${updated} updated, ${unchanged} unchanged — ${plural(total, 'template')}${at}.`;
}
