import type { MessageCount, MessageDto, MessagePage, MessageStatus } from '../../api/client';
import { messagesClient } from '../../lib/api';

export const MESSAGE_STATUSES: MessageStatus[] = ['Queued', 'Accepted', 'Sent', 'Delivered', 'Read', 'Failed', 'Undelivered', 'Canceled'];

/** Statuses that still change by themselves (the provider reports back): while one is on screen, the page asks again. */
export const IN_FLIGHT_STATUSES: MessageStatus[] = ['Queued', 'Accepted', 'Sent'];

export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 50;

/** The Sent Log's filters as the address holds them: the list API's own parameter names, days as yyyy-mm-dd. */
export interface SentLogFilters {
  status: MessageStatus | null;
  broadcastId: number | null;
  templateId: number | null;
  providerId: number | null;
  customerId: number | null;
  eventType: string | null;
  /** First day shown, yyyy-mm-dd (local time). */
  from: string | null;
  /** Last day shown, included, yyyy-mm-dd (local time). */
  to: string | null;
  /** Phone number or customer name. */
  q: string | null;
}

export type SentLogFilterKey = keyof SentLogFilters;

/** In the order of the list API's parameters. */
export const FILTER_KEYS: SentLogFilterKey[] = ['status', 'broadcastId', 'templateId', 'providerId', 'customerId', 'eventType', 'from', 'to', 'q'];

export const EMPTY_FILTERS: SentLogFilters = {
  status: null,
  broadcastId: null,
  templateId: null,
  providerId: null,
  customerId: null,
  eventType: null,
  from: null,
  to: null,
  q: null,
};

/** The filters as the list and export endpoints take them: the days turned into instants, `to` exclusive. */
export type MessageQuery = SentLogFilters;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function positiveInt(text: string | null): number | null {
  if (text === null || !/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

function day(text: string | null): string | null {
  return text !== null && DAY.test(text) && !Number.isNaN(new Date(`${text}T00:00:00`).getTime()) ? text : null;
}

function text(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

/** Reads the filters from the address; what is not understood is ignored. */
export function parseSentLogFilters(params: URLSearchParams): SentLogFilters {
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
    q: text(params.get('q')),
  };
}

export function hasFilters(filters: SentLogFilters): boolean {
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
export function withFilter(params: URLSearchParams, key: SentLogFilterKey, value: string | number | null): URLSearchParams {
  const next = new URLSearchParams(params);
  const stringValue = value === null ? '' : String(value).trim();
  if (stringValue === '') next.delete(key);
  else next.set(key, stringValue);
  next.delete('cursor');
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

function startOfDay(value: string, addDays = 0): string {
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + addDays);
  return date.toISOString();
}

/** The filters for the API: `from` is the start of its day, `to` the start of the day after (the API's `to` is exclusive). */
export function toMessageQuery(filters: SentLogFilters): MessageQuery {
  return {
    ...filters,
    from: filters.from ? startOfDay(filters.from) : null,
    to: filters.to ? startOfDay(filters.to, 1) : null,
  };
}

export const EXPORT_PATH = '/api/whatsapp/messages/export';

/** The CSV export of what the list shows: the same filters under the same names, without cursor and limit. */
export function exportUrl(query: MessageQuery): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== null) params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${EXPORT_PATH}?${search}` : EXPORT_PATH;
}

/** The filters in the order the generated client's list, count and export calls take them. */
function filterArgs(query: MessageQuery) {
  return [query.status, query.broadcastId, query.templateId, query.providerId, query.customerId, query.eventType, query.from, query.to, query.q] as const;
}

/** One page of the Sent Log, newest first. */
export function listMessages(query: MessageQuery, cursor: string | null, limit: number, signal?: AbortSignal): Promise<MessagePage> {
  return messagesClient.listMessages(...filterArgs(query), cursor, limit, signal);
}

/** How many messages the filters select (the API counts exactly up to a cap, then says "at least"). */
export function countMessages(query: MessageQuery, signal?: AbortSignal): Promise<MessageCount> {
  return messagesClient.countMessages(...filterArgs(query), signal);
}

/** "1,234 messages", or "100,000+ messages" past the count's cap. */
export function countText(count: MessageCount): string {
  const n = (count.count ?? 0).toLocaleString('en-US');
  return `${n}${count.estimated ? '+' : ''} ${count.count === 1 && !count.estimated ? 'message' : 'messages'}`;
}

export function hasInFlight(messages: MessageDto[] | null | undefined): boolean {
  return (messages ?? []).some((m) => m.status !== undefined && IN_FLIGHT_STATUSES.includes(m.status));
}

/** "Manual", "Broadcast #12", "Automation · invoice.created", "Test". */
export function sourceLabel(message: MessageDto): string {
  switch (message.source) {
    case 'Broadcast':
      return message.broadcastId != null ? `Broadcast #${message.broadcastId}` : 'Broadcast';
    case 'Automation':
      return message.eventType ? `Automation · ${message.eventType}` : 'Automation';
    default:
      return message.source ?? '';
  }
}

const PROVIDER_NAMES: Record<string, string> = { twilio: 'Twilio', vonage: 'Vonage', meta: 'Meta' };

/** The provider a message went through, by type (the message does not carry the configuration's name). */
export function providerLabel(providerType: string | null | undefined): string {
  if (!providerType) return '';
  return PROVIDER_NAMES[providerType.toLowerCase()] ?? providerType.charAt(0).toUpperCase() + providerType.slice(1);
}
