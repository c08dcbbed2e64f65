import type { BroadcastDto, BroadcastStatus } from '../api/client';

/** What a broadcast is called on screen: its name, else its template's. */
export const broadcastTitle = (b: BroadcastDto) => b.name || `${b.templateName ?? 'Broadcast'} #${b.id}`;

/** A broadcast's progress bar colour: grey once canceled (what is left will not go), the theme's otherwise. */
export function broadcastBarColor(status: BroadcastStatus | undefined): string | undefined {
  return status === 'Canceled' || status === 'Failed' ? 'gray' : undefined;
}

/** Scheduled for later and not sending yet (also while its recipients are still being written). */
export function waitsForSchedule(b: Pick<BroadcastDto, 'status' | 'scheduledAt'>, now = Date.now()): boolean {
  if (b.status === 'Scheduled') return true;
  return b.status === 'Preparing' && !!b.scheduledAt && new Date(b.scheduledAt).getTime() > now;
}
