// A message's statuses, its labels, and the filters the message list and its export take: shared by the Sent Log, the
// customer profile and every form that sends one.
import type { AffectedCustomersDto, MessageCount, MessageDto, MessagePage, MessageStatus } from '../api/client';
import { messagesClient } from './api';

export const MESSAGE_STATUSES: MessageStatus[] = ['Queued', 'Accepted', 'Sent', 'Delivered', 'Read', 'Failed', 'Undelivered', 'Canceled'];

/** Statuses that still change by themselves (the provider reports back): while one is on screen, the page asks again. */
export const IN_FLIGHT_STATUSES: MessageStatus[] = ['Queued', 'Accepted', 'Sent'];

/** Message statuses after which nothing more will happen. */
export const FINAL_MESSAGE_STATUSES: MessageStatus[] = ['Read', 'Failed', 'Undelivered', 'Canceled'];

export function isFinalMessageStatus(status: MessageStatus | undefined): boolean {
  return status !== undefined && FINAL_MESSAGE_STATUSES.includes(status);
}

export function messageStatusColor(status: MessageStatus | undefined): string {
  switch (status) {
    case 'Accepted': return 'blue';
    case 'Sent': return 'cyan';
    case 'Delivered': return 'green';
    case 'Read': return 'whatsapp';
    case 'Failed':
    case 'Undelivered': return 'red';
    default: return 'gray';
  }
}

/** A message list's filters as the Sent Log's address holds them: the list API's own parameter names, days as yyyy-mm-dd. */
export interface MessageFilters {
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
  /** A provider's error code: the failed and undelivered messages with it (Overview's failure links set it). */
  errorCode: string | null;
  /** Phone number or customer name. */
  q: string | null;
}

export type MessageFilterKey = keyof MessageFilters;

/** In the order of the list API's parameters. */
export const FILTER_KEYS: MessageFilterKey[] = ['status', 'broadcastId', 'templateId', 'providerId', 'customerId', 'eventType', 'from', 'to', 'errorCode', 'q'];

export const EMPTY_FILTERS: MessageFilters = {
  status: null,
  broadcastId: null,
  templateId: null,
  providerId: null,
  customerId: null,
  eventType: null,
  from: null,
  to: null,
  errorCode: null,
  q: null,
};

/** The filters as the list and export endpoints take them: the days turned into instants, `to` exclusive. */
export type MessageQuery = MessageFilters;

function startOfDay(value: string, addDays = 0): string {
  const date = new Date(`${value}T00:00:00`);
  date.setDate(date.getDate() + addDays);
  return date.toISOString();
}

/** The filters for the API: `from` is the start of its day, `to` the start of the day after (the API's `to` is exclusive). */
export function toMessageQuery(filters: MessageFilters): MessageQuery {
  return {
    ...filters,
    from: filters.from ? startOfDay(filters.from) : null,
    to: filters.to ? startOfDay(filters.to, 1) : null,
  };
}

/** The filters in the order the generated client's list, count and export calls take them. */
function filterArgs(query: MessageQuery) {
  return [query.status, query.broadcastId, query.templateId, query.providerId, query.customerId, query.eventType, query.from, query.to, query.errorCode, query.q] as const;
}

/** One page of the Sent Log, newest first. */
export function listMessages(query: MessageQuery, cursor: string | null, limit: number, signal?: AbortSignal): Promise<MessagePage> {
  return messagesClient.listMessages(...filterArgs(query), cursor, limit, signal);
}

/** How many messages the filters select (the API counts exactly up to a cap, then says "at least"). */
export function countMessages(query: MessageQuery, signal?: AbortSignal): Promise<MessageCount> {
  return messagesClient.countMessages(...filterArgs(query), signal);
}

/** The customers the filtered messages went to, each once. */
export function listAffectedCustomers(query: MessageQuery, signal?: AbortSignal): Promise<AffectedCustomersDto> {
  return messagesClient.listAffectedCustomers(...filterArgs(query), signal);
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
