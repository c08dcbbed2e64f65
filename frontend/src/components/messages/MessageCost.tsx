import { Text } from '@mantine/core';
import type { MessageDto } from '../../api/client';
import { formatMoney } from '../../lib/format';

/** What a message cost, and the pricing category it was charged as (once the provider reports them). */
export function MessageCost({ message }: { message: MessageDto }) {
  if (message.cost == null && !message.pricingCategory) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <>
      <Text size="sm">{formatMoney(message.cost, message.costCurrency)}</Text>
      {message.pricingCategory && (
        <Text size="xs" c="dimmed">
          {message.pricingCategory}
          {message.billable === false ? ' · free' : ''}
        </Text>
      )}
    </>
  );
}
