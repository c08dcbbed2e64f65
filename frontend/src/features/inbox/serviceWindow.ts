import type { ConversationDto } from '../../api/client';

/** "23 h 05 min left" while the 24-hour customer-service window is open; null when it is closed. */
export function windowCountdown(closesAt: string | null | undefined, now: number = Date.now()): string | null {
  if (!closesAt) return null;
  const left = new Date(closesAt).getTime() - now;
  if (!(left > 0)) return null;
  const minutes = Math.floor(left / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${String(minutes % 60).padStart(2, '0')} min left` : `${Math.max(1, minutes)} min left`;
}

/** Why free text cannot be sent now, in words; null when it can. */
export function whyNoFreeText(conversation: Pick<ConversationDto, 'windowOpen' | 'windowClosesAt'>, now: number = Date.now()): string | null {
  if (conversation.windowOpen && windowCountdown(conversation.windowClosesAt, now)) return null;
  return conversation.windowClosesAt
    ? 'The 24-hour customer-service window has closed: WhatsApp delivers only approved templates until the customer writes again.'
    : 'The customer has not written yet, so only an approved template can be sent.';
}
