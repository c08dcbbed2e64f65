// The live channel: one server-sent-events stream per signed-in tab (GET /api/live) telling what changed, so the
// queries showing it reload. Events carry no data, only what to reload; a missed one is made good on reconnect.
import { useEffect } from 'react';
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import type { LiveEvent } from '../api/client';
import { conversationsKey } from './queries/inbox';
import { messagesKey } from './queries/messages';
import { customerRecordsRoot } from './queries/customers';

export const LIVE_URL = '/api/live';

/** Which queries each event makes stale, and at most how often (ms): delivery reports come in bursts during a broadcast. */
export const LIVE_INVALIDATIONS: Record<string, { keys: QueryKey[]; everyMs: number }> = {
  'conversation.message': { keys: [conversationsKey], everyMs: 250 },
  'conversation.changed': { keys: [conversationsKey], everyMs: 250 },
  'message.status': { keys: [[...conversationsKey, 'timeline'], messagesKey, ['whatsapp', 'message']], everyMs: 1000 },
  'ticket.changed': { keys: [customerRecordsRoot, [...conversationsKey, 'tickets']], everyMs: 250 },
  // This server lost touch with the others for a while: anything may have changed.
  resync: { keys: [conversationsKey, messagesKey, customerRecordsRoot], everyMs: 1000 },
};

/** How long to wait before opening the stream again after the server refused it (signed out, restarted); doubled per refusal in a row, up to the cap. */
const REOPEN_AFTER_MS = 5000;
const REOPEN_AFTER_MAX_MS = 60_000;

/**
 * Invalidates per event type at most once per its interval: the first event at once, later ones within the interval
 * folded into one more invalidation at its end.
 */
export function createLiveDispatcher(client: QueryClient, now: () => number = Date.now) {
  const last = new Map<string, number>();
  const pending = new Set<string>();
  const invalidate = (type: string) => {
    last.set(type, now());
    for (const queryKey of LIVE_INVALIDATIONS[type]!.keys) void client.invalidateQueries({ queryKey });
  };
  return (type: string) => {
    const rule = LIVE_INVALIDATIONS[type];
    if (!rule || pending.has(type)) return;
    const wait = (last.get(type) ?? -Infinity) + rule.everyMs - now();
    if (wait <= 0) return invalidate(type);
    pending.add(type);
    setTimeout(() => {
      pending.delete(type);
      invalidate(type);
    }, wait);
  };
}

/** Subscribes once for the signed-in app (mounted by the layout); reconnects, and reloads what it shows when it does. */
export function useLiveUpdates() {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const dispatch = createLiveDispatcher(client);
    let source: EventSource | null = null;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let missed = false;
    let reopenAfter = REOPEN_AFTER_MS;

    const open = () => {
      source = new EventSource(LIVE_URL, { withCredentials: true });
      for (const type of Object.keys(LIVE_INVALIDATIONS)) {
        source.addEventListener(type, (e) => dispatch((JSON.parse((e as MessageEvent<string>).data) as LiveEvent).type ?? type));
      }
      source.onopen = () => {
        if (missed) dispatch('resync');
        missed = false;
        reopenAfter = REOPEN_AFTER_MS;
      };
      source.onerror = () => {
        missed = true;
        // The browser retries a broken stream by itself, but not one the server refused (401, 5xx): open it again later.
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          reopen = setTimeout(open, reopenAfter);
          reopenAfter = Math.min(reopenAfter * 2, REOPEN_AFTER_MAX_MS);
        }
      };
    };
    open();
    return () => {
      clearTimeout(reopen);
      source?.close();
    };
  }, [client]);
}
