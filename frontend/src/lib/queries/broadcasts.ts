// The broadcasts' keys and pace: Compose follows them, and so does the Overview's list of running ones. The preview
// and the variable fields are here too: sending to one customer renders its variables through the same preview.
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useDebouncedValue } from '@mantine/hooks';
import type { PreviewBroadcastRequest } from '../../api/client';
import { broadcastsClient } from '../api';

export const broadcastsKey = ['whatsapp', 'broadcasts'] as const;
export const broadcastListKey = [...broadcastsKey, 'list'] as const;
export const broadcastKey = (id: number) => [...broadcastsKey, 'detail', id] as const;

/** How often a broadcast on its way is asked for again (its page), and the list while one of its rows is. */
export const PROGRESS_POLL_MS = 1500;
export const LIST_POLL_MS = 5000;

/** How long the inputs must rest before the preview asks the server. */
export const PREVIEW_DEBOUNCE_MS = 400;

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

