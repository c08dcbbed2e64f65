import { Box, Group, Text } from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { previewSegments } from '../../lib/templateText';

const WALLPAPER = '#efeae2';
const BUBBLE = '#d9fdd3';
const INK = '#111b21';

/**
 * The body as the customer would see it in WhatsApp: an outgoing bubble, placeholders filled with `values`
 * (bold), those without a value shown as typed ({{2}}, dimmed).
 */
export function MessagePreview({
  body,
  values,
  label = 'Message preview',
  emptyText = 'Your message appears here as you type.',
}: {
  body: string;
  values: Record<string, string | null | undefined>;
  label?: string;
  emptyText?: string;
}) {
  const segments = previewSegments(body, values);
  return (
    <Box
      role="region"
      aria-label={label}
      p="md"
      style={{ background: WALLPAPER, borderRadius: 'var(--mantine-radius-md)', border: '1px solid var(--mantine-color-gray-3)' }}
    >
      <Box
        ml="auto"
        px="sm"
        pt={6}
        pb={4}
        maw="92%"
        w="fit-content"
        miw={120}
        style={{
          background: BUBBLE,
          color: INK,
          borderRadius: '8px 0 8px 8px',
          boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)',
          position: 'relative',
        }}
      >
        {/* The bubble's tail, top right. */}
        <Box
          aria-hidden
          style={{
            position: 'absolute',
            top: 0,
            right: -8,
            width: 0,
            height: 0,
            borderTop: `8px solid ${BUBBLE}`,
            borderRight: '8px solid transparent',
          }}
        />
        <Text
          size="sm"
          lh={1.45}
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          data-testid="preview-text"
          c={segments.length === 0 ? 'dimmed' : undefined}
          fs={segments.length === 0 ? 'italic' : undefined}
        >
          {segments.length === 0
            ? emptyText
            : segments.map((segment, i) =>
                segment.kind === 'text' ? (
                  segment.text
                ) : segment.kind === 'value' ? (
                  <Text span key={i} inherit fw={600}>
                    {segment.text}
                  </Text>
                ) : (
                  <Text span key={i} inherit c="dimmed" ff="monospace" fz="xs" title="No sample yet">
                    {segment.text}
                  </Text>
                ),
              )}
        </Text>
        <Group gap={3} justify="flex-end" mt={2} aria-hidden>
          <Text fz={11} c="#667781">
            12:00
          </Text>
          <IconChecks size={14} color="#53bdeb" />
        </Group>
      </Box>
    </Box>
  );
}
