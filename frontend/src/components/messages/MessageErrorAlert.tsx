import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconBan } from '@tabler/icons-react';
import type { MessageError, MessageStatus } from '../../api/client';

/**
 * Why a message failed: the provider's code and text, and what the code means for the person reading it. A canceled
 * message did not fail: its reason shows in grey, without an error code.
 */
export function MessageErrorAlert({ status, error }: { status: MessageStatus; error: MessageError }) {
  const canceled = status === 'Canceled';
  return (
    <Alert
      color={canceled ? 'gray' : 'red'}
      icon={canceled ? <IconBan /> : <IconAlertCircle />}
      title={canceled ? 'Canceled' : `${status}${error.code ? ` (error ${error.code})` : ''}`}
    >
      <Stack gap={4}>
        {error.message && <Text size="sm">{error.message}</Text>}
        {error.meaning && (
          <Text size="sm">
            <Text span inherit fw={600}>
              What it means:
            </Text>{' '}
            {error.meaning}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
