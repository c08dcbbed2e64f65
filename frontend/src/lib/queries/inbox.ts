// The inbox's unread count: the sidebar shows it on every page, so it lives with the shared queries.
import { useQuery } from '@tanstack/react-query';
import { conversationsClient } from '../api';

export const conversationsKey = ['whatsapp', 'conversations'] as const;

/** How often the inbox asks for new messages (live push comes later). */
export const INBOX_POLL_MS = 5000;

/** Unread conversations and messages, polled. */
export function useInboxUnread() {
  return useQuery({
    queryKey: [...conversationsKey, 'unread'],
    queryFn: ({ signal }) => conversationsClient.countUnreadConversations(signal),
    refetchInterval: INBOX_POLL_MS,
  });
}
