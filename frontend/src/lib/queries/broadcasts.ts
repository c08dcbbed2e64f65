// The broadcasts' keys and pace: Compose follows them, and so does the Overview's list of running ones.
export const broadcastsKey = ['whatsapp', 'broadcasts'] as const;
export const broadcastListKey = [...broadcastsKey, 'list'] as const;
export const broadcastKey = (id: number) => [...broadcastsKey, 'detail', id] as const;

/** How often a broadcast on its way is asked for again (its page), and the list while one of its rows is. */
export const PROGRESS_POLL_MS = 1500;
export const LIST_POLL_MS = 5000;
