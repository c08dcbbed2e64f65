import { Text } from '@mantine/core';
import type { MessageDto } from '../../api/client';
import { formatMoney } from '../../lib/format';

/** Where a cost comes from, in words: the provider's own price, or the rate card's estimate. */
export const COST_SOURCE_LABELS: Record<string, string> = {
  provider: 'provider’s price',
  card: 'rate card estimate',
};

/** What a message cost, where that figure comes from, and the pricing category it was charged as (once the provider reports them). */
export function MessageCost({ message }: { message: MessageDto }) {
  if (message.cost == null && !message.pricingCategory) return <Text size="sm" c="dimmed">—</Text>;
  const source = message.costSource ? COST_SOURCE_LABELS[message.costSource] ?? message.costSource : null;
  const notes = [message.pricingCategory, message.billable === false ? 'free' : null, message.cost != null ? source : null].filter(Boolean);
  return (
    <>
      <Text size="sm">{formatMoney(message.cost, message.costCurrency)}</Text>
      {notes.length > 0 && (
        <Text size="xs" c="dimmed">
          {notes.join(' · ')}
        </Text>
      )}
    </>
  );
}
