import { Link } from 'react-router';
import { Anchor, Text } from '@mantine/core';
import type { MessageDto } from '../../api/client';
import { sourceLabel } from '../../lib/messages';

/** Where a message came from; a broadcast's links to its progress page. */
export function MessageSource({ message }: { message: MessageDto }) {
  const label = sourceLabel(message);
  if (message.source === 'Broadcast' && message.broadcastId != null)
    return (
      <Anchor component={Link} to={`/whatsapp/broadcasts/${message.broadcastId}`} size="sm">
        {label}
      </Anchor>
    );
  return <Text size="sm" span>{label}</Text>;
}
