import type { MessageCount, MessageStatus } from '../../api/client';
import { FILTER_KEYS, MESSAGE_STATUSES, type MessageFilterKey, type MessageFilters, type MessageQuery } from '../../lib/messages';

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/**
 * A whole day, "2026-12-01". A date input reports "0002-12-01" while the first digit of the year is being typed: a
 * year before 1900 is such a half-typed one, not a day anyone filters by.
 */
export function isCompleteDay(text: string | null): text is string {
  return text !== null && DAY.test(text) && Number(text.slice(0, 4)) >= 1900 && !Number.isNaN(new Date(`${text}T00:00:00`).getTime());
}

function day(text: string | null): string | null {
  return isCompleteDay(text) ? text : null;
}

function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Reads the filters from the address; what is not understood is ignored. */
export function parseSentLogFilters(params: URLSearchParams): MessageFilters {
  const status = params.get('status');
  return {
    status: MESSAGE_STATUSES.includes(status as MessageStatus) ? (status as MessageStatus) : null,
    broadcastId: positiveInt(params.get('broadcastId')),
    templateId: positiveInt(params.get('templateId')),
    providerId: positiveInt(params.get('providerId')),
    customerId: positiveInt(params.get('customerId')),
    eventType: text(params.get('eventType')),
    from: day(params.get('from')),
    to: day(params.get('to')),
    errorCode: text(params.get('errorCode')),
    q: text(params.get('q')),
  };
}

export function hasFilters(filters: MessageFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== null);
}

/** The page's cursor and size from the address. */
export function parsePaging(params: URLSearchParams): { cursor: string | null; limit: number } {
  const limit = Number(params.get('limit'));
  return {
    cursor: text(params.get('cursor')),
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
  };
}

/**
 * The address after one filter changed: the other filters and the page size kept, the cursor dropped (a new filter
 * starts again at the newest message).
 */
export function withFilter(params: URLSearchParams, key: MessageFilterKey, value: string | number | null): URLSearchParams {
  const next = new URLSearchParams(params);
  const stringValue = value === null ? '' : String(value).trim();
  if (stringValue === '') next.delete(key);
  else next.set(key, stringValue);
  next.delete('cursor');
  return next;
}

/**
 * The address with both ends of the date range written at once: written one at a time, "To" set right after "From"
 * would start from an address the "From" change had not reached yet, and drop it.
 */
export function withDays(params: URLSearchParams, from: string | null, to: string | null): URLSearchParams {
  return withFilter(withFilter(params, 'from', from), 'to', to);
}

/** The message a link asks the Sent Log to open (?message=41, e.g. from an automation's event), if any. */
export function linkedMessageId(params: URLSearchParams): number | null {
  return positiveInt(params.get('message'));
}

/** The address once the linked message is closed. */
export function withoutLinkedMessage(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('message');
  return next;
}

/** The address without any filter (page size kept). */
export function withoutFilters(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of FILTER_KEYS) next.delete(key);
  next.delete('cursor');
  return next;
}

export function withCursor(params: URLSearchParams, cursor: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (cursor) next.set('cursor', cursor);
  else next.delete('cursor');
  return next;
}

export function withPageSize(params: URLSearchParams, limit: number): URLSearchParams {
  const next = new URLSearchParams(params);
  if (limit === DEFAULT_PAGE_SIZE) next.delete('limit');
  else next.set('limit', String(limit));
  next.delete('cursor');
  return next;
}

export const EXPORT_PATH = '/api/whatsapp/messages/export';
export const AFFECTED_EXPORT_PATH = '/api/whatsapp/messages/customers/export';

/** The CSV export of what the list shows: the same filters under the same names, without cursor and limit. */
export function exportUrl(query: MessageQuery, path: string = EXPORT_PATH): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== null) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** "1,234 messages", or "100,000+ messages" past the count's cap. */
export function countText(count: MessageCount): string {
  const n = (count.count ?? 0).toLocaleString('en-US');
  return `${n}${count.estimated ? '+' : ''} ${count.count === 1 && !count.estimated ? 'message' : 'messages'}`;
}
