import { toApiError, type FormProblem } from '../../lib/api';

/** The server's limit (CustomerImporter.MaxFileBytes): a larger file is refused before it is sent. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** The columns an import reads, as the sample file has them. */
export const IMPORT_COLUMNS: { name: string; help: string }[] = [
  { name: 'name', help: 'Required for a new customer.' },
  { name: 'phone', help: 'WhatsApp number in international form, e.g. +14155550123. Required for a new customer.' },
  { name: 'email', help: 'Optional.' },
  { name: 'accountNumber', help: 'Optional; matches the customer to update.' },
  { name: 'plan', help: 'Optional, e.g. Fiber 300.' },
  { name: 'language', help: 'Optional, for templates, e.g. en_US.' },
  { name: 'whatsAppOptIn', help: 'Consent to service messages (bills, tickets): true/false, yes/no or 1/0; blank leaves it unchanged.' },
  { name: 'marketingOptIn', help: 'Consent to offers (marketing templates), the same way; blank leaves it unchanged.' },
  { name: 'groups', help: 'Group names separated by “;”. Missing groups are created; groups are only added, never taken away.' },
];

export const SAMPLE_CSV = [
  'name,phone,email,accountNumber,plan,language,whatsAppOptIn,marketingOptIn,groups',
  'Ana Souza,+14155550123,ana@example.com,A-1001,Fiber 300,pt_BR,yes,no,Downtown;Fiber',
  'Bruno Lima,+14155550124,,A-1002,Fiber 600,en_US,,,Rural',
  '',
].join('\r\n');

export const SAMPLE_CSV_URL = `data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE_CSV)}`;

/** Why a file was not imported: the server's messages about it (400, 413), or the one sentence for the failure. */
export function importProblem(error: unknown): FormProblem {
  const apiError = toApiError(error);
  const messages = Object.values(apiError.fieldErrors).flat();
  if (messages.length > 0) return { message: 'The file was not imported.', details: messages };
  // A 413 from in front of the API comes without a problem to explain it.
  if (apiError.status === 413) return { message: 'The file is too large.', details: [`Import at most ${IMPORT_MAX_BYTES / (1024 * 1024)} MB at a time; split the file.`] };
  return { message: 'The file was not imported.', details: [apiError.message] };
}
