// Sending one template to one known customer (the profile's and the customer list's "Send WhatsApp"): its variables
// are written as in Compose (fixed text and {{customer.*}} fields), resolved for that customer by the broadcast
// preview on the server, then sent with the ordinary single send.
import type { AudienceCounts, CustomerDto, PreviewBroadcastRequest, SampleMessage, TemplateDto } from '../api/client';
import { buildSendParameters, variableKeys, variableLabel } from './templates';

export interface SendToCustomerValues {
  templateId: number | null;
  /** Variable key → fixed text, customer fields ({{customer.name}}) or both. */
  variables: Record<string, string>;
}

export const initialSendToCustomerValues: SendToCustomerValues = { templateId: null, variables: {} };

/** What the form checks before it asks the server; keys are form paths. */
export function validateSendToCustomer(values: SendToCustomerValues, template: TemplateDto | null | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.templateId === null || !template) errors.templateId = 'Choose a template.';
  for (const v of template?.variables ?? []) {
    if (v.key && (values.variables[v.key] ?? '').trim() === '') errors[`variables.${v.key}`] = `Give ${variableLabel(v)} a value: fixed text or a customer field.`;
  }
  return errors;
}

/** The preview that resolves the variables for this customer alone. */
export function previewForCustomer(customerId: number, template: TemplateDto, values: SendToCustomerValues): PreviewBroadcastRequest {
  return {
    templateId: template.id,
    audience: { all: false, groupIds: [], customerIds: [customerId], filter: null },
    variables: buildSendParameters(variableKeys(template), values.variables),
    sampleCustomerId: customerId,
  };
}

/**
 * Why this customer would get no message, in a sentence, or null when they would. The preview's audience is the
 * customer alone, so whatever it skipped is them.
 */
export function whyNotReceivable(customer: Pick<CustomerDto, 'name'>, counts: AudienceCounts | undefined, sample: SampleMessage | null | undefined): string | null {
  if (!counts || (counts.recipients ?? 0) > 0) return null;
  const skipped = counts.skippedBreakdown;
  const name = customer.name || 'This customer';
  if (skipped?.notOptedIn) return `${name} has not opted in to WhatsApp messages.`;
  if (skipped?.invalidPhone) return `${name}’s phone number cannot receive WhatsApp messages.`;
  if (skipped?.missingValue) {
    const missing = sample?.missing ?? [];
    return `${name} has no value for a customer field in ${missing.length === 1 ? `variable ${missing[0]}` : `variables ${missing.join(', ')}`}: type fixed text instead.`;
  }
  return `${name} cannot be sent this message.`;
}

/** The input a refusal of the preview ("variables.1", "templateId") or of the send ("parameters.1") belongs to. */
export function formPathForCustomerSendField(serverKey: string, keys: string[]): string | undefined {
  const key = serverKey.trim();
  for (const prefix of ['variables.', 'parameters.']) {
    if (key.startsWith(prefix)) {
      const variable = key.slice(prefix.length);
      return keys.includes(variable) ? `variables.${variable}` : undefined;
    }
  }
  if (key.toLowerCase() === 'templateid' || key.toLowerCase() === 'templatename') return 'templateId';
  return undefined;
}
