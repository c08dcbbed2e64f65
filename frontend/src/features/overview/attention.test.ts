import { describe, expect, it } from 'vitest';
import type { DailyMessagesDto } from '../../api/client';
import { attentionItems, failureRates } from './attention';
import { providerHealth } from './providerHealth.fixture';

const day = (d: string, delivered: number, failed: number, extra: Partial<DailyMessagesDto> = {}): DailyMessagesDto => ({
  day: d, queued: 0, accepted: 0, sent: 0, delivered, read: 0, failed, canceled: 0, ...extra,
});

describe('attentionItems', () => {
  it('holds today’s failure rate against the earlier days’ and flags it when well above', () => {
    // Usually 2 in 100 (2%); today 5 in 20 (25%). Queued and cancelled messages never left: not counted.
    const daily = [day('2026-11-30', 49, 1), day('2026-12-01', 49, 1), day('2026-12-02', 15, 5, { queued: 7, canceled: 9 })];
    expect(failureRates(daily)).toEqual({ today: 0.25, usual: 0.02, failedToday: 5 });
    const [rate] = attentionItems({ days: 7, daily });
    expect(rate).toMatchObject({ key: 'rate', tone: 'alert', text: '25% of today’s messages failed (usually 2%).' });
    expect(rate.link?.to).toMatch(/^\/whatsapp\/log\?status=Failed&from=/);

    const calm = attentionItems({ days: 7, daily: [day('2026-12-01', 98, 2), day('2026-12-02', 49, 1)] });
    expect(calm[0].tone).toBe('info');
  });

  it('lists the top reason with its link, the week’s opt-outs, scheduled broadcasts and a standby that could not take over', () => {
    const items = attentionItems({
      days: 30,
      failures: [{ providerType: 'twilio', code: '63003', meaning: 'Not on WhatsApp', count: 12 }],
      consent: { days: Array.from({ length: 10 }, (_, i) => ({ day: `2026-11-${20 + i}`, optedIn: 0, optedOut: 1 })) },
      broadcasts: [{ id: 1, status: 'Scheduled' }, { id: 2, status: 'Sending' }],
      health: [
        providerHealth({ id: 1, name: 'Main', isActive: true }),
        providerHealth({ id: 2, name: 'Spare', isActive: false, isStandby: true, circuitState: 'open', lastErrorMessage: 'Authentication failed' }),
      ],
    });
    expect(items.map((i) => i.text)).toEqual([
      'Top failure reason: 63003 — Not on WhatsApp (12 in 30 days).',
      '7 customers opted out this week.',
      '1 broadcast is scheduled.',
      'Standby Spare could not take over: Authentication failed.',
    ]);
    expect(items[0].link?.to).toMatch(/^\/whatsapp\/log\?errorCode=63003&from=/);
  });

  it('says nothing when nothing is loaded or nothing happened', () => {
    expect(attentionItems({ days: 7 })).toEqual([]);
    expect(attentionItems({ days: 7, daily: [day('2026-12-02', 0, 0)], consent: { days: [] }, broadcasts: [], health: [] })).toEqual([]);
  });
});
