import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createElement, type ReactNode } from 'react';
import { renderHook } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createLiveDispatcher, useLiveUpdates } from './live';

/** A stand-in for the browser's EventSource (jsdom has none): the test plays the server's events. */
class FakeEventSource {
  static readonly CLOSED = 2;
  static opened: FakeEventSource[] = [];
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, (e: MessageEvent<string>) => void>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, listener);
  }
  emit(type: string, id: number | null = null) {
    this.listeners.get(type)?.(new MessageEvent(type, { data: JSON.stringify({ type, id }) }));
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

const invalidated = (client: QueryClient) => vi.mocked(client.invalidateQueries).mock.calls.map(([filters]) => filters?.queryKey);

describe('live updates', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeEventSource.opened = [];
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const mount = () => {
    const client = new QueryClient();
    vi.spyOn(client, 'invalidateQueries').mockResolvedValue();
    const wrapper = ({ children }: { children: ReactNode }) => createElement(QueryClientProvider, { client }, children);
    renderHook(() => useLiveUpdates(), { wrapper });
    return client;
  };

  it('reloads the inbox when a customer writes and the Sent Log and threads when statuses move', () => {
    const client = mount();
    const source = FakeEventSource.opened[0]!;
    expect(source.url).toBe('/api/live');

    source.emit('conversation.message', 5);
    expect(invalidated(client)).toEqual([['whatsapp', 'conversations']]);
    source.emit('message.status');
    expect(invalidated(client)).toContainEqual(['whatsapp', 'messages']);
    expect(invalidated(client)).toContainEqual(['whatsapp', 'conversations', 'timeline']);
  });

  it('opens the stream again after the server refused it, and reloads what may have been missed', () => {
    const client = mount();
    const first = FakeEventSource.opened[0]!;
    first.readyState = FakeEventSource.CLOSED;
    first.onerror?.();
    expect(FakeEventSource.opened).toHaveLength(1);

    vi.advanceTimersByTime(5000);
    const second = FakeEventSource.opened[1]!;
    second.onopen?.();
    expect(invalidated(client)).toContainEqual(['whatsapp', 'conversations']);
  });

  it('folds a burst of one event type into one reload now and one at the end of its interval', () => {
    const client = new QueryClient();
    vi.spyOn(client, 'invalidateQueries').mockResolvedValue();
    const dispatch = createLiveDispatcher(client);

    for (let i = 0; i < 50; i++) dispatch('message.status');
    const perReload = 3;
    expect(client.invalidateQueries).toHaveBeenCalledTimes(perReload);
    vi.advanceTimersByTime(1000);
    expect(client.invalidateQueries).toHaveBeenCalledTimes(2 * perReload);
  });
});
