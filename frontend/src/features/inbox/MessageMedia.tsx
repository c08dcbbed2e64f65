import { Anchor, Button, CloseButton, FileButton, Group, Image, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileDownload, IconMapPin, IconPaperclip, IconUser } from '@tabler/icons-react';
import type { InboundDto, MessageMediaDto, TimelineItem } from '../../api/client';

/** What a message carries besides its text: a file (either way), a place, shared contacts, a reaction. */
export function MessageExtras({ item }: { item: TimelineItem }) {
  const inbound = item.inbound;
  return (
    <>
      {item.media && <MessageMedia media={item.media} />}
      {inbound?.kind === 'Location' && <LocationLink inbound={inbound} />}
      {inbound?.kind === 'Contacts' && <SharedContacts inbound={inbound} />}
      {inbound?.kind === 'Reaction' && (
        <Text size="xs" c="dimmed">
          Reacted {inbound.text || '(removed the reaction)'} to a message
        </Text>
      )}
    </>
  );
}

function sizeOf(bytes: number | null | undefined) {
  if (bytes == null) return '';
  return bytes >= 1024 * 1024 ? ` · ${(bytes / (1024 * 1024)).toFixed(1)} MB` : ` · ${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** A file in the thread: pictures shown, audio and video playable, documents downloadable; one not kept says why. */
export function MessageMedia({ media }: { media: MessageMediaDto }) {
  if (media.state === 'Pending')
    return (
      <Group gap={6}>
        <Loader size="xs" />
        <Text size="xs" c="dimmed">
          Fetching the {media.kind?.toLowerCase()} from WhatsApp…
        </Text>
      </Group>
    );
  if (media.state !== 'Stored' || !media.url)
    return (
      <Group gap={6} wrap="nowrap" role="note">
        <IconAlertTriangle size={16} color="var(--mantine-color-orange-6)" aria-hidden />
        <Text size="xs">{media.reason ?? `The ${media.kind?.toLowerCase()} was not kept.`}</Text>
      </Group>
    );
  const name = media.fileName ?? `${media.kind?.toLowerCase()}`;
  switch (media.kind) {
    case 'Image':
    case 'Sticker':
      return (
        <Anchor href={media.url} target="_blank" rel="noreferrer">
          <Image src={media.url} alt={media.fileName ?? `${media.kind} from the conversation`} maw={media.kind === 'Sticker' ? 120 : 280} radius="sm" />
        </Anchor>
      );
    case 'Audio':
      return <audio controls src={media.url} aria-label={`Audio: ${name}`} style={{ maxWidth: 280 }} />;
    case 'Video':
      return <video controls src={media.url} aria-label={`Video: ${name}`} style={{ maxWidth: 280 }} />;
    default:
      return (
        <Anchor href={media.url} download={media.fileName ?? true} size="sm">
          <Group gap={4} wrap="nowrap">
            <IconFileDownload size={16} aria-hidden />
            {name}
            {sizeOf(media.size)}
          </Group>
        </Anchor>
      );
  }
}

function LocationLink({ inbound }: { inbound: InboundDto }) {
  const lat = inbound.metadata?.latitude;
  const lon = inbound.metadata?.longitude;
  if (!lat || !lon) return null;
  return (
    <Anchor href={`https://www.openstreetmap.org/?mlat=${encodeURIComponent(lat)}&mlon=${encodeURIComponent(lon)}#map=17/${lat}/${lon}`} target="_blank" rel="noreferrer" size="sm">
      <Group gap={4} wrap="nowrap">
        <IconMapPin size={16} aria-hidden />
        Open the location on a map ({lat}, {lon})
      </Group>
    </Anchor>
  );
}

interface SharedContact {
  name?: { formatted_name?: string };
  phones?: { phone?: string }[];
}

/** Meta sends the contacts themselves; Twilio and Vonage a vCard file (shown as a file above). */
function SharedContacts({ inbound }: { inbound: InboundDto }) {
  let contacts: SharedContact[] = [];
  try {
    const parsed: unknown = JSON.parse(inbound.metadata?.contacts ?? '[]');
    if (Array.isArray(parsed)) contacts = parsed as SharedContact[];
  } catch {
    contacts = [];
  }
  if (contacts.length === 0) return <Text size="xs" c="dimmed">Shared a contact card</Text>;
  return (
    <Stack gap={2} aria-label="Shared contacts">
      {contacts.map((c, i) => (
        <Group key={i} gap={4} wrap="nowrap">
          <IconUser size={14} aria-hidden />
          <Text size="sm">
            {c.name?.formatted_name ?? 'Contact'}
            {c.phones?.[0]?.phone && (
              <>
                {' · '}
                <Anchor href={`tel:${c.phones[0].phone}`} size="sm">
                  {c.phones[0].phone}
                </Anchor>
              </>
            )}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** What a reply may carry: the types a WhatsApp session message takes (checked again, by content, on upload). */
const ATTACHABLE = 'image/jpeg,image/png,video/mp4,video/3gpp,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt';

/** Picks one file for a reply; shows it with a way to take it off again. */
export function AttachButton({ file, onChange }: { file: File | null; onChange: (file: File | null) => void }) {
  if (file)
    return (
      <Group gap={4}>
        <Text size="sm" aria-label="Attached file">
          {file.name}
          {sizeOf(file.size)}
        </Text>
        <CloseButton aria-label="Remove the attachment" onClick={() => onChange(null)} />
      </Group>
    );
  return (
    <FileButton onChange={onChange} accept={ATTACHABLE}>
      {(props) => (
        <Button {...props} variant="default" leftSection={<IconPaperclip size={16} />}>
          Attach
        </Button>
      )}
    </FileButton>
  );
}
