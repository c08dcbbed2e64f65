import type { ConsentSource } from '../api/client';

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
