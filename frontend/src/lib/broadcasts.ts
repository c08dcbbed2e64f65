import type { BroadcastDto } from '../api/client';

/** What a broadcast is called on screen: its name, else its template's. */
export const broadcastTitle = (b: BroadcastDto) => b.name || `${b.templateName ?? 'Broadcast'} #${b.id}`;
