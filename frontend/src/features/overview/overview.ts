import type { DailyMessagesDto, FailureReasonDto, ProviderHealthDto } from '../../api/client';

/** The periods the Overview offers, in days; the address holds the chosen one (?days=7). */
export const DAY_OPTIONS = [7, 30, 90] as const;
export type OverviewDays = (typeof DAY_OPTIONS)[number];
export const DEFAULT_DAYS: OverviewDays = 30;

/** The period in the address, or the default when it is missing or not one of the offered ones. */
export function parseDays(params: URLSearchParams): OverviewDays {
  const days = Number(params.get('days'));
  return (DAY_OPTIONS as readonly number[]).includes(days) ? (days as OverviewDays) : DEFAULT_DAYS;
}

/** The statuses a day's messages are counted by, in the order they stack (oldest state at the bottom). */
export const DAILY_SERIES = [
  { name: 'queued', label: 'Queued', color: 'gray.5' },
  { name: 'accepted', label: 'Accepted', color: 'blue.6' },
  { name: 'sent', label: 'Sent', color: 'cyan.7' },
  { name: 'delivered', label: 'Delivered', color: 'green.7' },
  { name: 'read', label: 'Read', color: 'whatsapp.9' },
  { name: 'failed', label: 'Failed', color: 'red.7' },
  { name: 'canceled', label: 'Canceled', color: 'dark.3' },
] as const satisfies readonly { name: keyof DailyMessagesDto; label: string; color: string }[];

export type DailyStatus = (typeof DAILY_SERIES)[number]['name'];

/** All of a day's messages, whatever their status. */
export const dayTotal = (day: DailyMessagesDto) => DAILY_SERIES.reduce((sum, s) => sum + (day[s.name] ?? 0), 0);

/** The period's messages by status, and all of them. */
export function periodTotals(days: DailyMessagesDto[]): Record<DailyStatus | 'total', number> {
  const totals = { total: 0 } as Record<DailyStatus | 'total', number>;
  for (const s of DAILY_SERIES) totals[s.name] = days.reduce((sum, d) => sum + (d[s.name] ?? 0), 0);
  totals.total = DAILY_SERIES.reduce((sum, s) => sum + totals[s.name], 0);
  return totals;
}

/** A day's messages that were sent or are on their way: a canceled one never was, so "messages today" leaves it out. */
const dayMessages = (day: DailyMessagesDto) => dayTotal(day) - (day.canceled ?? 0);

/** Today's and yesterday's message counts: the last two days of the list (the server's days end today). */
export function recentCounts(days: DailyMessagesDto[]): { today: number; yesterday: number } {
  const today = days.at(-1);
  const yesterday = days.at(-2);
  return { today: today ? dayMessages(today) : 0, yesterday: yesterday ? dayMessages(yesterday) : 0 };
}

/** "12 May" for a yyyy-mm-dd day (a calendar day: no time-zone shift). */
export function formatDay(day: string | undefined): string {
  if (!day) return '';
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** A rate between 0 and 1 as a whole percent. */
export const toPercent = (rate: number | undefined) => Math.round((rate ?? 0) * 100);

/** The first day of the Overview's period (today counts as one), yyyy-mm-dd as the Sent Log's "From" takes it. */
export function periodStart(days: number, today = new Date()): string {
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1));
  return `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
}

/** The Sent Log showing the period's failed messages: all of them, or those with one error code. */
export function failedLogLink(days: number, code?: string | null, today = new Date()): string {
  const params = new URLSearchParams(code ? { errorCode: code } : { status: 'Failed' });
  params.set('from', periodStart(days, today));
  return `/whatsapp/log?${params}`;
}

/** Each customer the period's failures with this code reached, once. */
export function affectedCustomersLink(days: number, code: string, today = new Date()): string {
  return `/whatsapp/log/customers?${new URLSearchParams({ errorCode: code, from: periodStart(days, today) })}`;
}

/** The share of its messaging tier a provider used in the last 24 h, and how close to the limit that is. */
export interface TierUsage {
  percent: number;
  level: 'ok' | 'near' | 'over';
}

/** Near from 80% of the tier: WhatsApp refuses business-initiated messages beyond it until the 24 h window moves on. */
export const TIER_NEAR_PERCENT = 80;

export function tierUsage(sent: number, limit: number): TierUsage {
  const percent = limit > 0 ? Math.round((sent / limit) * 100) : 0;
  return { percent, level: percent >= 100 ? 'over' : percent >= TIER_NEAR_PERCENT ? 'near' : 'ok' };
}

/** The last error, when it came after the last success (else the provider has recovered since). */
export function errorIsCurrent(health: ProviderHealthDto): boolean {
  if (!health.lastErrorAt) return false;
  if (!health.lastSuccessAt) return true;
  return new Date(health.lastErrorAt).getTime() >= new Date(health.lastSuccessAt).getTime();
}

/** What an error code means, from the failures the Overview loaded (same provider type and code), if listed there. */
export function errorMeaning(health: ProviderHealthDto, failures: FailureReasonDto[] | undefined): string | null {
  if (!health.lastErrorCode) return null;
  const type = health.providerType?.toLowerCase();
  const found = failures?.find((f) => f.code === health.lastErrorCode && (f.providerType ?? '').toLowerCase() === type);
  return found?.meaning ?? null;
}
