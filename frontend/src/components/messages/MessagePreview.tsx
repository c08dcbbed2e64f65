import { Box, Group, Stack, Text } from '@mantine/core';
import {
  IconArrowBackUp,
  IconChecks,
  IconCopy,
  IconExternalLink,
  IconFileText,
  IconMapPin,
  IconPhone,
  IconPhoto,
  IconVideo,
} from '@tabler/icons-react';
import type { ButtonType, TemplateButton, TemplateHeader } from '../../api/client';
import { headerPreview } from '../../lib/templateParts';
import { previewSegments } from '../../lib/templateText';

const WALLPAPER = '#efeae2';
const BUBBLE = '#d9fdd3';
const INK = '#111b21';

const BUTTON_ICONS: Record<ButtonType, typeof IconCopy> = {
  QuickReply: IconArrowBackUp,
  Url: IconExternalLink,
  PhoneNumber: IconPhone,
  CopyCode: IconCopy,
  Otp: IconCopy,
};

/** The header as the phone shows it: bold text, a media area (the image itself when its link is known), a document chip, a map pin. */
function HeaderPart({ header, values }: { header: TemplateHeader; values: Record<string, string | null | undefined> }) {
  const part = headerPreview(header, values);
  switch (part.kind) {
    case 'none':
      return null;
    case 'text':
      return (
        <Text size="sm" fw={700} mb={4} data-testid="preview-header">
          {part.text}
        </Text>
      );
    case 'document':
      return (
        <Group gap={8} wrap="nowrap" mb={6} p={8} data-testid="preview-header" style={{ background: 'rgba(11, 20, 26, 0.06)', borderRadius: 6 }}>
          <IconFileText size={28} color="#e55b4d" aria-hidden />
          <Text size="sm" truncate="end" title={part.url ?? undefined}>
            {part.fileName}
          </Text>
        </Group>
      );
    default: {
      const Icon = part.kind === 'location' ? IconMapPin : part.format === 'Video' ? IconVideo : IconPhoto;
      const name = part.kind === 'location' ? 'Location' : part.format;
      return (
        <Box
          mb={6}
          h={120}
          data-testid="preview-header"
          aria-label={`${name} header`}
          role="img"
          style={{ background: '#cfd8dc', borderRadius: 6, display: 'grid', placeItems: 'center', overflow: 'hidden' }}
        >
          {part.kind === 'media' && part.format === 'Image' && part.url && /^https?:\/\//.test(part.url) ? (
            <img src={part.url} alt="" style={{ width: '100%', height: '100%', objectFit: 'cover' }} />
          ) : (
            <Icon size={36} color="#546e7a" aria-hidden />
          )}
        </Box>
      );
    }
  }
}

/**
 * The message as the customer would see it in WhatsApp: an outgoing bubble with the header (text, media or a
 * document), the body with placeholders filled with `values` (bold; those without a value shown as typed, {{2}},
 * dimmed), the footer, and the buttons under the bubble.
 */
export function MessagePreview({
  body,
  values,
  label = 'Message preview',
  emptyText = 'Your message appears here as you type.',
  header,
  footer,
  buttons,
}: {
  body: string;
  values: Record<string, string | null | undefined>;
  label?: string;
  emptyText?: string;
  header?: TemplateHeader | null;
  footer?: string | null;
  buttons?: TemplateButton[] | null;
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
        {header && <HeaderPart header={header} values={values} />}
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
        {footer && (
          <Text fz={12} c="#667781" mt={4} data-testid="preview-footer">
            {footer}
          </Text>
        )}
        <Group gap={3} justify="flex-end" mt={2} aria-hidden>
          <Text fz={11} c="#667781">
            12:00
          </Text>
          <IconChecks size={14} color="#53bdeb" />
        </Group>
      </Box>
      {buttons && buttons.length > 0 && (
        <Stack gap={4} mt={4} ml="auto" maw="92%" miw={120} w="fit-content" aria-label="Buttons" role="list">
          {buttons.map((b, i) => {
            const Icon = BUTTON_ICONS[b.type ?? 'QuickReply'];
            return (
              <Group
                key={i}
                role="listitem"
                gap={6}
                justify="center"
                wrap="nowrap"
                px="md"
                py={6}
                style={{ background: '#ffffff', borderRadius: 8, boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)' }}
              >
                <Icon size={16} color="#027eb5" aria-hidden />
                <Text size="sm" c="#027eb5" fw={500}>
                  {b.text || 'Button'}
                </Text>
              </Group>
            );
          })}
        </Stack>
      )}
    </Box>
  );
}
