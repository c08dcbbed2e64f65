import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssigneeFilter, ConversationStatus } from '../../api/client';
import { conversationsClient, mediaClient } from '../../lib/api';
import { conversationsKey, INBOX_POLL_MS } from '../../lib/queries/inbox';

export interface InboxFilter {
  q: string;
  status: ConversationStatus | null;
  assignee: AssigneeFilter | null;
}

/** The first page of the inbox list (newest activity first); live events reload it. */
export function useConversations(filter: InboxFilter) {
  return useQuery({
    queryKey: [...conversationsKey, 'list', filter],
    queryFn: ({ signal }) =>
      conversationsClient.listConversations(filter.status, filter.assignee, undefined, filter.q.trim() || undefined, undefined, 100, signal),
    placeholderData: keepPreviousData,
    refetchInterval: INBOX_POLL_MS,
  });
}

export function useConversation(id: number | null) {
  return useQuery({
    queryKey: [...conversationsKey, 'one', id],
    queryFn: ({ signal }) => conversationsClient.getConversation(id!, signal),
    enabled: id !== null,
    refetchInterval: INBOX_POLL_MS,
  });
}

/** The newest page of a thread, shown oldest first; live events reload it. */
export function useTimeline(id: number | null) {
  return useQuery({
    queryKey: [...conversationsKey, 'timeline', id],
    queryFn: ({ signal }) => conversationsClient.listConversationMessages(id!, undefined, 100, signal),
    enabled: id !== null,
    refetchInterval: INBOX_POLL_MS,
  });
}

function useInvalidateInbox() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: conversationsKey });
}

/** A reply: text, or a file (uploaded first, so the provider can fetch it by its signed link) with the text as its caption. */
export function useReply(id: number) {
  const invalidate = useInvalidateInbox();
  return useMutation({
    mutationFn: async ({ text, file }: { text: string; file?: File | null }) => {
      const mediaId = file ? (await mediaClient.uploadMedia({ data: file, fileName: file.name })).id : undefined;
      return conversationsClient.replyToConversation(id, { text: text || undefined, mediaId });
    },
    onSuccess: invalidate,
  });
}

export function useMarkRead() {
  const invalidate = useInvalidateInbox();
  return useMutation({ mutationFn: (id: number) => conversationsClient.markConversationRead(id), onSuccess: invalidate });
}

export function useSetStatus(id: number) {
  const invalidate = useInvalidateInbox();
  return useMutation({
    mutationFn: (status: ConversationStatus) => conversationsClient.setConversationStatus(id, { status }),
    onSuccess: invalidate,
  });
}

export function useAssign(id: number) {
  const invalidate = useInvalidateInbox();
  return useMutation({
    mutationFn: (assigneeId: string | null) => conversationsClient.assignConversation(id, { assigneeId }),
    onSuccess: invalidate,
  });
}
