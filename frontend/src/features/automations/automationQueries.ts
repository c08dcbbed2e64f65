import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AutomationEventPage } from '../../api/client';
import { automationsClient, statsClient } from '../../lib/api';
import { automationEventsKey, automationsKey } from '../../lib/queries/automations';

/** How many recent events the Automations tab lists. */
export const RECENT_EVENTS = 20;

/** How often the events list asks again while an event still waits to be processed. */
export const EVENTS_POLL_MS = 5000;

export function useAutomations() {
  return useQuery({ queryKey: automationsKey, queryFn: ({ signal }) => automationsClient.listAutomations(signal) });
}

const hasPending = (page: AutomationEventPage | undefined) => (page?.items ?? []).some((e) => e.status === 'Pending');

/** The latest events, newest first; followed while one is pending. */
export function useAutomationEvents(limit = RECENT_EVENTS) {
  return useQuery({
    queryKey: [...automationEventsKey, limit],
    queryFn: ({ signal }) => automationsClient.listAutomationEvents(null, null, null, null, limit, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (hasPending(q.state.data) ? EVENTS_POLL_MS : false),
  });
}

/** The period the automations' cost is shown for. */
export const SPEND_DAYS = 30;

/** What each automation's messages cost over the last SPEND_DAYS days, per currency (key: the event type). */
export function useAutomationSpend() {
  return useQuery({
    queryKey: ['whatsapp', 'stats', 'spend', 'automation', SPEND_DAYS],
    queryFn: ({ signal }) => statsClient.getSpendByAutomation(SPEND_DAYS, signal),
    staleTime: 60_000,
  });
}
