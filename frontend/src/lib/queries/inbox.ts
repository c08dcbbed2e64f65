// The inbox's unread count: the sidebar shows it on every page, so it lives with the shared queries.
import { useQuery } from '@tanstack/react-query';
import { conversationsClient } from '../api';

export const conversationsKey = ['whatsapp', 'conversations'] as const;

/**
 * How often the inbox asks again by itself. Changes arrive over the live channel (lib/live.ts); this only bounds how
 * stale a list can get if that channel is down and cannot say so.
 */
export const INBOX_POLL_MS = 60_000;

/** Unread conversations and messages; reloaded by live events. */
export function useInboxUnread() {
  return useQuery({
    queryKey: [...conversationsKey, 'unread'],
    queryFn: ({ signal }) => conversationsClient.countUnreadConversations(signal),
    refetchInterval: INBOX_POLL_MS,
  });
}
