import type { ProviderHealthDto } from '../../api/client';

export const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** A healthy active Twilio that last sent 3 minutes ago, 420 people of its 1,000 limit today; tests override what they check. */
export const providerHealth = (overrides: Partial<ProviderHealthDto> = {}): ProviderHealthDto => ({
  id: 1,
  name: 'Main Twilio',
  providerType: 'twilio',
  isActive: true,
  isStandby: false,
  lastSuccessAt: minutesAgo(3),
  lastErrorAt: null,
  lastErrorCode: null,
  lastErrorMessage: null,
  circuitState: 'closed',
  circuitOpenUntil: null,
  sentLast24h: 420,
  dailyMessagingLimit: 1000,
  messagingLimit: { limit: 1000, source: 'settings', tier: null, tierReadAt: null, reached: 420, remaining: 580 },
  ...overrides,
});
