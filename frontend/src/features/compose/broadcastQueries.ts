import { waitsForSchedule } from '../../lib/broadcasts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import type { BroadcastDto, CreateBroadcastRequest, SkipReason } from '../../api/client';
import { broadcastsClient, toApiError } from '../../lib/api';
import { broadcastKey, broadcastListKey, LIST_POLL_MS, PROGRESS_POLL_MS } from '../../lib/queries/broadcasts';
import { isActiveBroadcast } from './composePayload';
import { plural } from '../../lib/format';

export const RECENT_BROADCASTS = 10;

/** One broadcast, asked for again every 1.5 s while it is preparing, scheduled or sending. */
export function useBroadcast(id: number | null) {
  return useQuery({
    queryKey: broadcastKey(id ?? 0),
    queryFn: ({ signal }) => broadcastsClient.getBroadcast(id!, signal),
    enabled: id !== null,
    refetchInterval: (query) => (isActiveBroadcast(query.state.data?.status) ? PROGRESS_POLL_MS : false),
  });
}

/** The latest broadcasts, newest first; asked for again while one of them is on its way. */
export function useRecentBroadcasts() {
  return useQuery({
    queryKey: [...broadcastListKey, { page: 1, pageSize: RECENT_BROADCASTS }],
    queryFn: ({ signal }) => broadcastsClient.listBroadcasts(null, 1, RECENT_BROADCASTS, signal),
    refetchInterval: (query) => (query.state.data?.items?.some((b) => isActiveBroadcast(b.status)) ? LIST_POLL_MS : false),
  });
}

/** Creates a broadcast and opens its progress page; a refusal goes to `onError` (the form shows it). */
export function useCreateBroadcast(onError: (error: unknown) => void) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (request: CreateBroadcastRequest) => broadcastsClient.createBroadcast(request),
    onSuccess: (broadcast: BroadcastDto) => {
      queryClient.setQueryData(broadcastKey(broadcast.id!), broadcast);
      void queryClient.invalidateQueries({ queryKey: broadcastListKey });
      notifications.show({
        color: 'whatsapp',
        title: waitsForSchedule(broadcast) ? 'Broadcast scheduled' : 'Broadcast started',
        message: `${broadcast.templateName} to ${plural(broadcast.total ?? 0, 'recipient')}.`,
      });
      void navigate(`/whatsapp/broadcasts/${broadcast.id}`);
    },
    onError,
  });
}

/** Cancels a broadcast: the messages not yet sent are canceled. */
export function useCancelBroadcast(id: number | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => broadcastsClient.cancelBroadcast(id!),
    onSuccess: (canceled) => {
      queryClient.setQueryData(broadcastKey(id!), canceled);
      notifications.show({ title: 'Broadcast canceled', message: 'Messages not yet sent were canceled.' });
    },
    onError: (error) => {
      notifications.show({ color: 'red', title: 'Could not cancel the broadcast', message: toApiError(error).message });
      // What stopped it (it finished meanwhile?) shows once the broadcast is loaded again.
      void queryClient.invalidateQueries({ queryKey: broadcastKey(id!) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: broadcastListKey }),
  });
}

export const SKIPPED_PAGE_SIZE = 50;

/** A broadcast's skipped recipients (of one reason, or all), a page at a time by cursor ("Show more"). */
export function useSkippedRecipients(id: number, reason: SkipReason | null) {
  return useInfiniteQuery({
    queryKey: [...broadcastKey(id), 'skipped', { reason }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => broadcastsClient.listSkippedRecipients(id, reason, pageParam, SKIPPED_PAGE_SIZE, signal),
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
}
