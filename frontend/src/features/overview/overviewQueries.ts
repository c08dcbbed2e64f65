import { useQueries, useQuery } from '@tanstack/react-query';
import type { BroadcastStatus } from '../../api/client';
import { broadcastsClient, statsClient } from '../../lib/api';
import { broadcastListKey, LIST_POLL_MS } from '../compose/broadcastQueries';

export const statsKey = ['whatsapp', 'stats'] as const;

/** Stats change as messages go out and statuses come back: a minute old is fresh enough for the Overview. */
const STATS_STALE_MS = 60_000;

export function useDailyStats(days: number) {
  return useQuery({
    queryKey: [...statsKey, 'daily', days],
    queryFn: ({ signal }) => statsClient.getDailyMessageStats(days, signal),
    staleTime: STATS_STALE_MS,
  });
}

export function useTemplateStats(days: number) {
  return useQuery({
    queryKey: [...statsKey, 'templates', days],
    queryFn: ({ signal }) => statsClient.getTemplateDeliveryStats(days, signal),
    staleTime: STATS_STALE_MS,
  });
}

export function useProviderStats(days: number) {
  return useQuery({
    queryKey: [...statsKey, 'providers', days],
    queryFn: ({ signal }) => statsClient.getProviderDeliveryStats(days, signal),
    staleTime: STATS_STALE_MS,
  });
}

export function useFailureStats(days: number) {
  return useQuery({
    queryKey: [...statsKey, 'failures', days],
    queryFn: ({ signal }) => statsClient.getFailureStats(days, signal),
    staleTime: STATS_STALE_MS,
  });
}

export function useConsentStats(days: number) {
  return useQuery({
    queryKey: [...statsKey, 'consent', days],
    queryFn: ({ signal }) => statsClient.getConsentStats(days, signal),
    staleTime: STATS_STALE_MS,
  });
}

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
