// What every form that sends a template needs: the sendable rule's words, the variables' labels, the parameters.
import type { TemplateDto, TemplateVariable } from '../api/client';
import { humanizeKey } from './templateText';

/** Why a template cannot be sent now, or null when it can. */
export function notSendableReason(template: TemplateDto): string | null {
  if (template.sendable) return null;
  if (template.status !== 'APPROVED') return 'Only approved templates can be sent.';
  return 'Not bound to the active provider.';
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

/** The parameters of a send, keyed by placeholder, with what was typed trimmed. */
export function buildSendParameters(keys: string[], values: Record<string, string>): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const key of keys) parameters[key] = (values[key] ?? '').trim();
  return parameters;
}
