import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import type { TimelineItem } from '../../api/client';
import { MessageExtras } from './MessageMedia';

const at = new Date().toISOString();
const show = (item: TimelineItem) =>
  render(
    <MantineProvider>
      <MessageExtras item={item} />
    </MantineProvider>,
  );

describe('MessageExtras', () => {
  it('shows a kept picture in place and offers a document as a download', () => {
    show({ direction: 'Inbound', at, media: { kind: 'Image', state: 'Stored', url: '/api/whatsapp/conversations/1/media/2', fileName: 'router.jpg' } });
    expect(screen.getByRole('img', { name: 'router.jpg' })).toHaveAttribute('src', '/api/whatsapp/conversations/1/media/2');

    show({ direction: 'Inbound', at, media: { kind: 'Document', state: 'Stored', url: '/m/3', fileName: 'contract.pdf', size: 2 * 1024 * 1024 } });
    expect(screen.getByRole('link', { name: /contract\.pdf · 2\.0 MB/ })).toHaveAttribute('download', 'contract.pdf');
  });

  it('says why a file was not kept', () => {
    show({ direction: 'Inbound', at, media: { kind: 'Image', state: 'Refused', reason: 'Not kept: an image may be at most 5 MB on WhatsApp.' } });
    expect(screen.getByRole('note')).toHaveTextContent('at most 5 MB');
  });

  it('links a location to a map and lists shared contacts', () => {
    show({ direction: 'Inbound', at, inbound: { kind: 'Location', metadata: { latitude: '38.72', longitude: '-9.14' } } });
    expect(screen.getByRole('link', { name: /Open the location on a map/ })).toHaveAttribute('href', expect.stringContaining('mlat=38.72'));

    show({
      direction: 'Inbound',
      at,
      inbound: { kind: 'Contacts', metadata: { contacts: JSON.stringify([{ name: { formatted_name: 'Rui Lopes' }, phones: [{ phone: '+351910000000' }] }]) } },
    });
    expect(screen.getByText(/Rui Lopes/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '+351910000000' })).toHaveAttribute('href', 'tel:+351910000000');
  });
});
