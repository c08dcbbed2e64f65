import type { BroadcastDto, ConsentStatsDto, DailyMessagesDto, FailureReasonDto, ProviderHealthDto } from '../../api/client';
import { errorIsCurrent, failedLogLink } from './overview';

/** One line of "Needs attention": a sentence, how worrying it is, and where to look. */
export interface AttentionItem {
  key: string;
  tone: 'alert' | 'warn' | 'info';
  text: string;
  link?: { to: string; label: string };
}

/** Today's failure rate is worth a look from this many times the usual rate (and at least this many failures). */
export const RATE_ALERT_FACTOR = 1.5;
export const RATE_ALERT_MIN_FAILED = 3;

/** Messages that left (accepted or later), and those of them that failed; queued and cancelled ones never left. */
function leftAndFailed(d: DailyMessagesDto) {
  const failed = d.failed ?? 0;
  return { left: (d.accepted ?? 0) + (d.sent ?? 0) + (d.delivered ?? 0) + (d.read ?? 0) + failed, failed };
}

/** Today's failure rate and the usual one (the period's earlier days together); null when nothing left today. */
export function failureRates(daily: DailyMessagesDto[]): { today: number; usual: number | null; failedToday: number } | null {
  const today = daily.at(-1);
  if (!today) return null;
  const t = leftAndFailed(today);
  if (t.left === 0) return null;
  const before = daily.slice(0, -1).map(leftAndFailed).reduce((a, b) => ({ left: a.left + b.left, failed: a.failed + b.failed }), { left: 0, failed: 0 });
  return { today: t.failed / t.left, usual: before.left === 0 ? null : before.failed / before.left, failedToday: t.failed };
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * What the Overview puts first: a failure rate above the usual level, the top reason for failures, the week's
 * opt-outs, scheduled broadcasts, and a standby provider that could not take over. Whatever is not loaded yet is left out.
 */
export function attentionItems({
  days,
  daily,
  failures,
  consent,
  health,
  broadcasts,
}: {
  days: number;
  daily?: DailyMessagesDto[];
  failures?: FailureReasonDto[];
  consent?: ConsentStatsDto;
  health?: ProviderHealthDto[];
  broadcasts?: BroadcastDto[];
}): AttentionItem[] {
  const items: AttentionItem[] = [];
  const rates = daily ? failureRates(daily) : null;
  if (rates) {
    const high = rates.failedToday >= RATE_ALERT_MIN_FAILED && (rates.usual === null || rates.today >= rates.usual * RATE_ALERT_FACTOR);
    const usual = rates.usual === null ? 'no earlier days to compare' : `usually ${percent(rates.usual)}`;
    items.push({
      key: 'rate',
      tone: high ? 'alert' : 'info',
      text: `${percent(rates.today)} of today’s messages failed (${usual}).`,
      link: rates.failedToday > 0 ? { to: failedLogLink(1), label: 'Today’s failures' } : undefined,
    });
  }
  const top = failures?.[0];
  if (top?.code) {
    items.push({
      key: 'reason',
      tone: 'warn',
      text: `Top failure reason: ${top.code}${top.meaning ? ` — ${top.meaning}` : ''} (${(top.count ?? 0).toLocaleString()} in ${days} days).`,
      link: { to: failedLogLink(days, top.code), label: `Messages with ${top.code}` },
    });
  }
  const optOuts = (consent?.days ?? []).slice(-7).reduce((sum, d) => sum + (d.optedOut ?? 0), 0);
  if (optOuts > 0) items.push({ key: 'optouts', tone: 'info', text: `${optOuts} ${optOuts === 1 ? 'customer' : 'customers'} opted out this week.` });
  const scheduled = (broadcasts ?? []).filter((b) => b.status === 'Scheduled').length;
  if (scheduled > 0)
    items.push({
      key: 'scheduled',
      tone: 'info',
      text: `${scheduled} ${scheduled === 1 ? 'broadcast is' : 'broadcasts are'} scheduled.`,
      link: { to: '/whatsapp/compose', label: 'Broadcasts' },
    });
  for (const standby of (health ?? []).filter((p) => p.isStandby && (p.circuitState === 'open' || errorIsCurrent(p))))
    items.push({
      key: `standby-${standby.id}`,
      tone: 'alert',
      text: `Standby ${standby.name} could not take over: ${standby.lastErrorMessage ?? standby.lastErrorCode ?? 'its sends are failing'}.`,
    });
  return items;
}
