import { describe, expect, it } from 'vitest';
import { broadcastBarColor, waitsForSchedule } from './broadcasts';

describe('a broadcast’s words and colours', () => {
  const now = Date.parse('2026-12-02T08:00:00Z');

  it('is scheduled while it waits for its time, also while its recipients are still being written', () => {
    expect(waitsForSchedule({ status: 'Scheduled', scheduledAt: '2026-12-03T08:00:00Z' }, now)).toBe(true);
    expect(waitsForSchedule({ status: 'Preparing', scheduledAt: '2026-12-03T08:00:00Z' }, now)).toBe(true);
    expect(waitsForSchedule({ status: 'Preparing', scheduledAt: null }, now)).toBe(false);
    expect(waitsForSchedule({ status: 'Preparing', scheduledAt: '2026-12-01T08:00:00Z' }, now)).toBe(false);
    expect(waitsForSchedule({ status: 'Sending', scheduledAt: '2026-12-01T08:00:00Z' }, now)).toBe(false);
  });

  it('greys the bar of a canceled or failed broadcast', () => {
    expect(broadcastBarColor('Canceled')).toBe('gray');
    expect(broadcastBarColor('Failed')).toBe('gray');
    expect(broadcastBarColor('Completed')).toBeUndefined();
  });
});
