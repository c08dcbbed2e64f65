// What every form that sends a template needs: the sendable rule's words, the variables' labels, the parameters.
import type { TemplateDto, TemplateVariable } from '../api/client';
import { humanizeKey } from './templateText';

/** Why a template cannot be sent now, or null when it can. */
export function notSendableReason(template: TemplateDto): string | null {
  if (template.sendable) return null;
  if (template.status !== 'APPROVED') return 'Only approved templates can be sent.';
  // The server's reason (a part this app can't fill, not bound …) says it best.
  return template.notSendableReason ?? 'Not bound to the active provider.';
}

/**
 * What a variable's input is called: its label, or for a label that only repeats the key (templates synced from
 * a provider carry no labels) "Variable {{1}}" / "Customer name".
 */
export function variableLabel(variable: TemplateVariable): string {
  const key = variable.key ?? '';
  const label = variable.label?.trim() ?? '';
  if (label !== '' && label !== key) return label;
  return humanizeKey(key) || `Variable {{${key}}}`;
}

/** Samples (or empty strings) per variable key: what the send forms start with. */
export function sampleValues(variables: TemplateVariable[] | null | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const v of variables ?? []) if (v.key) values[v.key] = v.sample ?? '';
  return values;
}

/** The keys of a template's variables, in the template's order. */
export function variableKeys(template: TemplateDto | null | undefined): string[] {
  return (template?.variables ?? []).map((v) => v.key).filter((k): k is string => !!k);
}

/** The parameters of a send, keyed by placeholder, with what was typed trimmed. */
export function buildSendParameters(keys: string[], values: Record<string, string>): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const key of keys) parameters[key] = (values[key] ?? '').trim();
  return parameters;
}

/**
 * Of the templates that can be sent now (through the active provider), how many a standby could send too: failover
 * moves a message to the standby only when its template is bound there.
 */
export function standbyCoverage(templates: TemplateDto[], standbyId: number): { bound: number; total: number } {
  const sendable = templates.filter((t) => t.sendable);
  return { bound: sendable.filter((t) => t.bindings?.some((b) => b.providerId === standbyId)).length, total: sendable.length };
}

/** "3 of 4 templates bound", and what an uncovered one means for failover. */
export function standbyCoverageText({ bound, total }: { bound: number; total: number }): string {
  const text = `${bound} of ${total} ${total === 1 ? 'template' : 'templates'} bound`;
  if (bound === total) return text;
  return `${text} — failover won’t send ${bound === 0 ? 'these' : `the other ${total - bound}`}`;
}
