import { describe, expect, it } from 'vitest';
import type { ProviderHealthDto } from '../../api/client';
import { formatAgo } from '../../lib/format';
import { affectedCustomersLink, errorIsCurrent, errorMeaning, failedLogLink, periodStart, recentCounts, tierUsage } from './overview';

describe('tierUsage', () => {
  it('rounds to a whole percent, near from 80%, over from 100%', () => {
    expect(tierUsage(0, 1000)).toEqual({ percent: 0, level: 'ok' });
    expect(tierUsage(794, 1000)).toEqual({ percent: 79, level: 'ok' });
    expect(tierUsage(800, 1000)).toEqual({ percent: 80, level: 'near' });
    expect(tierUsage(1000, 1000)).toEqual({ percent: 100, level: 'over' });
    expect(tierUsage(2500, 1000)).toEqual({ percent: 250, level: 'over' });
  });
});

describe('errorIsCurrent', () => {
  const at = (lastSuccessAt: string | null, lastErrorAt: string | null): ProviderHealthDto => ({ lastSuccessAt, lastErrorAt });
  it('is current when it came after the last success, or there was none', () => {
    expect(errorIsCurrent(at(null, null))).toBe(false);
    expect(errorIsCurrent(at(null, '2025-05-12T10:00:00Z'))).toBe(true);
    expect(errorIsCurrent(at('2025-05-12T09:00:00Z', '2025-05-12T10:00:00Z'))).toBe(true);
    expect(errorIsCurrent(at('2025-05-12T11:00:00Z', '2025-05-12T10:00:00Z'))).toBe(false);
  });
});

describe('errorMeaning', () => {
  const failures = [
    { providerType: 'twilio', code: '63016', meaning: 'Outside the 24-hour window', count: 1 },
    { providerType: 'meta', code: '131047', meaning: 'Re-engagement message', count: 1 },
  ];
  it('finds the meaning of the same code for the same provider type only', () => {
    expect(errorMeaning({ providerType: 'Twilio', lastErrorCode: '63016' }, failures)).toBe('Outside the 24-hour window');
    expect(errorMeaning({ providerType: 'meta', lastErrorCode: '63016' }, failures)).toBeNull();
    expect(errorMeaning({ providerType: 'twilio', lastErrorCode: null }, failures)).toBeNull();
    expect(errorMeaning({ providerType: 'twilio', lastErrorCode: '63016' }, undefined)).toBeNull();
  });
});

describe('formatAgo', () => {
  const now = Date.parse('2025-05-12T12:00:00Z');
  it('says how long ago, in the largest unit that fits', () => {
    expect(formatAgo('2025-05-12T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2025-05-12T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatAgo('2025-05-12T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatAgo('2025-05-10T12:00:00Z', now)).toBe('2 days ago');
    expect(formatAgo('2025-05-12T12:05:00Z', now)).toBe('in 5 minutes');
    expect(formatAgo(null, now)).toBe('');
    expect(formatAgo('not a time', now)).toBe('');
  });
});

describe('the failure links', () => {
  it('start the Sent Log at the first day of the period, today included', () => {
    const today = new Date(2026, 11, 2, 15, 30);
    expect(periodStart(1, today)).toBe('2026-12-02');
    expect(periodStart(7, today)).toBe('2026-11-26');
    expect(failedLogLink(30, '63003', today)).toBe('/whatsapp/log?errorCode=63003&from=2026-11-03');
    expect(failedLogLink(7, null, today)).toBe('/whatsapp/log?status=Failed&from=2026-11-26');
    expect(affectedCustomersLink(7, '63003', today)).toBe('/whatsapp/log/customers?errorCode=63003&from=2026-11-26');
  });
});

describe('messages today', () => {
  it('leaves canceled messages out: they were never sent', () => {
    const day = (canceled: number) => ({ day: '2026-12-02', queued: 1, accepted: 1, sent: 1, delivered: 1, read: 1, failed: 1, canceled });
    expect(recentCounts([day(50), day(7)])).toEqual({ today: 6, yesterday: 6 });
  });
});
