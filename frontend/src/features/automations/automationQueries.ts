import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AutomationEventPage } from '../../api/client';
import { automationsClient } from '../../lib/api';
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
