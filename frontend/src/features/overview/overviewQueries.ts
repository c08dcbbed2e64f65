import { useQueries, useQuery } from '@tanstack/react-query';
import type { BroadcastStatus, SpendByDto } from '../../api/client';
import { broadcastsClient, statsClient } from '../../lib/api';
import { broadcastListKey, LIST_POLL_MS } from '../../lib/queries/broadcasts';

export const statsKey = ['whatsapp', 'stats'] as const;

/** Stats change as messages go out and statuses come back: a minute old is fresh enough for the Overview. */
const STATS_STALE_MS = 60_000;

/** A hook for one stats endpoint over the last N days, cached per period. */
function periodStatsQuery<T>(name: string, load: (days: number, signal: AbortSignal) => Promise<T>) {
  return (days: number) =>
    useQuery({
      queryKey: [...statsKey, name, days],
      queryFn: ({ signal }) => load(days, signal),
      staleTime: STATS_STALE_MS,
    });
}

export const useDailyStats = periodStatsQuery('daily', (days, signal) => statsClient.getDailyMessageStats(days, signal));
export const useTemplateStats = periodStatsQuery('templates', (days, signal) => statsClient.getTemplateDeliveryStats(days, signal));
export const useProviderStats = periodStatsQuery('providers', (days, signal) => statsClient.getProviderDeliveryStats(days, signal));
export const useFailureStats = periodStatsQuery('failures', (days, signal) => statsClient.getFailureStats(days, signal));
export const useSpendStats = periodStatsQuery('spend', (days, signal) => statsClient.getSpendStats(days, signal));
/** What the spend is broken down by on the Overview. */
export type SpendBreakdownBy = 'day' | 'template' | 'broadcast' | 'automation';

const spendBreakdown: Record<SpendBreakdownBy, (days: number, signal: AbortSignal) => Promise<SpendBreakdownRow[]>> = {
  day: async (days, signal) =>
    (await statsClient.getDailySpendStats(days, signal)).map((d) => ({ key: d.day!, name: d.day!, currency: d.currency, messages: d.messages, amount: d.amount })),
  template: (days, signal) => statsClient.getSpendByTemplate(days, signal),
  broadcast: (days, signal) => statsClient.getSpendByBroadcast(days, signal),
  automation: (days, signal) => statsClient.getSpendByAutomation(days, signal),
};

/** One row of a spend breakdown: a day, template, broadcast (key: its id) or automation (key: its event type), in one currency. */
export type SpendBreakdownRow = SpendByDto;

/** The period's spend per day, template, broadcast or automation. */
export function useSpendBreakdown(by: SpendBreakdownBy, days: number) {
  return useQuery({
    queryKey: [...statsKey, 'spend', by, days],
    queryFn: ({ signal }) => spendBreakdown[by](days, signal),
    staleTime: STATS_STALE_MS,
  });
}

export const useConsentStats = periodStatsQuery('consent', (days, signal) => statsClient.getConsentStats(days, signal));

/** Health moves with every send: asked again every half minute while the Overview is open. */
const HEALTH_POLL_MS = 30_000;

/** Every provider's health (last success and error, circuit, the last 24 h against its tier), the active one first. */
export function useProviderHealth() {
  return useQuery({
    queryKey: [...statsKey, 'health'],
    queryFn: ({ signal }) => statsClient.getProviderHealth(signal),
    refetchInterval: HEALTH_POLL_MS,
  });
}

/** The broadcasts not finished yet, in the order the Overview lists them. */
export const ACTIVE_BROADCAST_STATUSES: BroadcastStatus[] = ['Sending', 'Preparing', 'Scheduled'];
const ACTIVE_PAGE_SIZE = 20;

/** Sending, preparing and scheduled broadcasts (one list call per status), each asked for again while it has any. */
export function useActiveBroadcasts() {
  return useQueries({
    queries: ACTIVE_BROADCAST_STATUSES.map((status) => ({
      queryKey: [...broadcastListKey, { status, page: 1, pageSize: ACTIVE_PAGE_SIZE }],
      queryFn: ({ signal }: { signal: AbortSignal }) => broadcastsClient.listBroadcasts(status, 1, ACTIVE_PAGE_SIZE, signal),
      // Followed while there is one; a broadcast started elsewhere shows on the next visit or period change.
      refetchInterval: (query: { state: { data?: { items?: unknown[] } } }) => (query.state.data?.items?.length ? LIST_POLL_MS : false),
    })),
    combine: (results) => ({
      items: results.flatMap((r) => r.data?.items ?? []),
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });
}

/** This instance's send-and-callback loop, as its metrics report it; asked again with the providers' health. */
export function useLoopHealth() {
  return useQuery({
    queryKey: [...statsKey, 'loop'],
    queryFn: ({ signal }) => statsClient.getLoopHealth(signal),
    refetchInterval: HEALTH_POLL_MS,
  });
}
