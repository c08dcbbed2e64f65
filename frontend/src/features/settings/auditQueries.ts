import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { auditClient } from '../../lib/api';

export interface AuditQuery {
  actor: string;
  kind: string;
  /** yyyy-mm-dd, the first day shown (inclusive, local time). */
  from: string;
  /** yyyy-mm-dd, the last day shown (inclusive, local time). */
  to: string;
}

export const EMPTY_AUDIT_QUERY: AuditQuery = { actor: '', kind: '', from: '', to: '' };
export const AUDIT_PAGE_SIZE = 50;

/** The query's dates as the API's instants: from the start of `from` to the start of the day after `to`. */
export function auditRange(query: AuditQuery): { from: string | null; to: string | null } {
  const startOf = (day: string, plusDays = 0) => {
    const [y, m, d] = day.split('-').map(Number);
    const date = new Date(y, m - 1, d + plusDays);
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  };
  return { from: query.from ? startOf(query.from) : null, to: query.to ? startOf(query.to, 1) : null };
}

/** The CSV download of what the filters select. */
export function auditExportUrl(query: AuditQuery): string {
  const params = new URLSearchParams();
  const { from, to } = auditRange(query);
  if (query.actor.trim()) params.set('actor', query.actor.trim());
  if (query.kind) params.set('kind', query.kind);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const search = params.toString();
  return `/api/settings/audit-log/export${search ? `?${search}` : ''}`;
}

/** The audit log, newest first, a page at a time by cursor ("Show more"). */
export function useAuditEntries(query: AuditQuery) {
  return useInfiniteQuery({
    queryKey: ['settings', 'audit-log', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const { from, to } = auditRange(query);
      return auditClient.listAuditEntries(query.actor.trim() || null, query.kind || null, from, to, pageParam, AUDIT_PAGE_SIZE, signal);
    },
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
}

export function useAuditKinds() {
  return useQuery({ queryKey: ['settings', 'audit-log', 'kinds'], queryFn: ({ signal }) => auditClient.listAuditKinds(signal), staleTime: Infinity });
}
