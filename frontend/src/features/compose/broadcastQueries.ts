import { waitsForSchedule } from '../../lib/broadcasts';
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { notifications } from '@mantine/notifications';
import { useDebouncedValue } from '@mantine/hooks';
import type { BroadcastDto, CreateBroadcastRequest, PreviewBroadcastRequest } from '../../api/client';
import { broadcastsClient, toApiError } from '../../lib/api';
import { broadcastKey, broadcastListKey, broadcastsKey, LIST_POLL_MS, PROGRESS_POLL_MS } from '../../lib/queries/broadcasts';
import { isActiveBroadcast } from './composePayload';
import { plural } from '../../lib/format';

/** How long the inputs must rest before the preview asks the server. */
export const PREVIEW_DEBOUNCE_MS = 400;
export const RECENT_BROADCASTS = 10;

/** The customer fields a variable can use ({{customer.name}} …): fixed by the backend's code. */
export function useVariableFields() {
  return useQuery({
    queryKey: [...broadcastsKey, 'fields'],
    queryFn: ({ signal }) => broadcastsClient.listVariableFields(signal),
    staleTime: 60 * 60_000,
  });
}

/** The preview of one request; also what Send asks afresh for the count it confirms. */
export const previewQuery = (request: PreviewBroadcastRequest) =>
  queryOptions({
    queryKey: [...broadcastsKey, 'preview', request],
    queryFn: ({ signal }) => broadcastsClient.previewBroadcast(request, signal),
    retry: false,
  });

/**
 * The preview of `request` once it has stopped changing for a moment (null: nothing to preview yet). The last
 * preview stays on screen while the next one loads; `current` says whether it is for what the inputs say now.
 */
export function useBroadcastPreview(request: PreviewBroadcastRequest | null) {
  const json = request === null ? null : JSON.stringify(request);
  const [settled] = useDebouncedValue(json, PREVIEW_DEBOUNCE_MS);
  const asked = settled === null ? null : (JSON.parse(settled) as PreviewBroadcastRequest);
  const query = useQuery({
    ...previewQuery(asked ?? {}),
    enabled: asked !== null,
    placeholderData: keepPreviousData,
  });
  return { query, current: settled === json && !query.isPlaceholderData };
}

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
