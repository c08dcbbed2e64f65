import type { AutomationDto, SaveAutomationRequest, TemplateDto, VariableFieldDto } from '../../api/client';

/** What one automation's form edits. `offsets` is the text as typed ("3, 1, 0, -2"). */
export interface AutomationFormValues {
  enabled: boolean;
  templateId: string | null;
  /** Template variable key ("1", "customer_name") → text with fields, e.g. "{{customer.name}}". */
  variables: Record<string, string>;
  offsets: string;
}

/** "3, 1, 0" — the saved days as the input shows them. */
export function formatOffsets(days: readonly number[] | null | undefined): string {
  return (days ?? []).join(', ');
}

export function initialAutomationValues(automation: AutomationDto): AutomationFormValues {
  return {
    enabled: !!automation.enabled,
    templateId: automation.templateId != null ? String(automation.templateId) : null,
    variables: { ...(automation.variables ?? {}) },
    offsets: formatOffsets(automation.offsetsDays),
  };
}

export interface ParsedOffsets {
  days: number[];
  /** Why the text is not a list of whole days, when it is not. */
  error?: string;
}

const WHOLE_DAYS = /^[+-]?\d+$/;

/**
 * "3, 1, 0, -2" → [3, 1, 0, -2]: whole days separated by commas or spaces, in the order typed, repeats dropped.
 * A typographic minus (−) counts as one.
 */
export function parseOffsets(text: string): ParsedOffsets {
  const parts = text
    .replace(/\u2212/g, '-')
    .split(/[\s,;]+/)
    .filter((p) => p !== '');
  const days: number[] = [];
  for (const part of parts) {
    if (!WHOLE_DAYS.test(part)) return { days, error: `“${part}” is not a whole number of days.` };
    const day = Number(part);
    if (!days.includes(day)) days.push(day);
  }
  return { days };
}

/** "3 days before", "1 day before", "on the day", "2 days after". */
export function describeOffset(day: number): string {
  if (day === 0) return 'on the day';
  const n = Math.abs(day);
  return `${n} ${n === 1 ? 'day' : 'days'} ${day > 0 ? 'before' : 'after'}`;
}

/** The variable keys of a template, in its order. */
export function variableKeys(template: TemplateDto | null | undefined): string[] {
  return (template?.variables ?? []).map((v) => v.key).filter((k): k is string => !!k);
}

/** The mapping for a newly chosen template: one entry per variable, keeping what was typed for keys it shares. */
export function variablesForTemplate(template: TemplateDto | null | undefined, current: Record<string, string>): Record<string, string> {
  return Object.fromEntries(variableKeys(template).map((key) => [key, current[key] ?? '']));
}

/**
 * The PUT body: the template's variables only (as typed; the server trims), and the days only for scheduled types
 * (reminders, expiry alerts). Without a template there is nothing to map.
 */
export function buildAutomationPayload(
  values: AutomationFormValues,
  automation: AutomationDto,
  template: TemplateDto | null | undefined,
): SaveAutomationRequest {
  const templateId = values.templateId === null ? null : Number(values.templateId);
  const keys = template ? variableKeys(template) : Object.keys(values.variables);
  return {
    enabled: values.enabled,
    templateId,
    variables: templateId === null ? {} : Object.fromEntries(keys.map((key) => [key, values.variables[key] ?? ''])),
    offsetsDays: automation.scheduled ? parseOffsets(values.offsets).days : null,
  };
}

/** The input a server error key belongs to: templateId, variables.{key}, offsetsDays → offsets; else the form's alert. */
export function formPathForAutomationField(serverKey: string, keys: readonly string[]): string | undefined {
  const key = serverKey.trim();
  const lower = key.toLowerCase();
  if (lower === 'templateid') return 'templateId';
  if (lower === 'offsetsdays' || lower.startsWith('offsetsdays[')) return 'offsets';
  if (lower === 'enabled') return 'enabled';
  const variable = /^variables[.[]([^\]]+)\]?$/i.exec(key)?.[1];
  return variable !== undefined && keys.includes(variable) ? `variables.${variable}` : undefined;
}

export interface FieldGroup {
  label: string;
  fields: VariableFieldDto[];
}

/** "{{payment.amount}}" → "payment". */
function fieldPrefix(field: VariableFieldDto): string {
  return /^\{\{\s*([^.}]+)/.exec(field.expression ?? '')?.[1] ?? '';
}

/** The fields a variable can use, in the server's order, grouped for the menu: the customer's, then the event's. */
export function groupFields(fields: readonly VariableFieldDto[]): FieldGroup[] {
  const customer = fields.filter((f) => fieldPrefix(f) === 'customer');
  const event = fields.filter((f) => fieldPrefix(f) !== 'customer');
  return [
    { label: 'Customer', fields: customer },
    { label: 'This event', fields: event },
  ].filter((g) => g.fields.length > 0);
}

/** Every variable has some text: the preview can be asked for. */
export function allMapped(variables: Record<string, string>, keys: readonly string[]): boolean {
  return keys.every((key) => (variables[key] ?? '').trim() !== '');
}
