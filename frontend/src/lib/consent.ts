import type { ConsentPurpose, ConsentSource } from '../api/client';

const SOURCE_LABELS: Record<ConsentSource, string> = {
  Profile: 'Profile',
  Admin: 'Admin',
  Import: 'Import',
  StopReply: 'STOP reply',
  StartReply: 'START reply',
  UnsubscribeLink: 'Unsubscribe link',
  ProviderError: 'Provider error',
  Api: 'API',
};

export function consentSourceLabel(source: ConsentSource | undefined): string {
  return source ? (SOURCE_LABELS[source] ?? source) : '';
}

/** What a consent is for, in words: service messages (bills, tickets) or offers. */
export function consentPurposeLabel(purpose: ConsentPurpose | undefined): string {
  return purpose === 'Marketing' ? 'Offers' : 'Service';
}

/** Reasons offered when staff opt a customer out; the one chosen (or typed) is kept in the consent record. */
export const OPT_OUT_REASONS = [
  'Customer disputes consent — phoned',
  'Customer asked to stop by phone or email',
  'Asked by email',
  'Number reassigned to someone else',
  'Number no longer on WhatsApp',
  'Messages keep failing for this number',
] as const;
