import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { BroadcastDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const broadcastsClient = vi.hoisted(() => ({ getBroadcast: vi.fn(), cancelBroadcast: vi.fn(), listSkippedRecipients: vi.fn() }));
const groupsClient = vi.hoisted(() => ({ listGroups: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  broadcastsClient,
  groupsClient,
}));

const { BroadcastPage } = await import('./BroadcastPage');
const { PROGRESS_POLL_MS } = await import('../../lib/queries/broadcasts');

const broadcast = (overrides: Partial<BroadcastDto>): BroadcastDto => ({
  id: 42,
  name: 'May bills',
  status: 'Sending',
  templateId: 3,
  templateName: 'bill_due',
  language: 'en',
  audience: { all: false, groupIds: [1], customerIds: [], filter: { plan: 'Fibre 500', language: null } },
  variables: { '1': '{{customer.name}}', '2': '$20' },
  scheduledAt: null,
  createdBy: 'staff@example.com',
  createdAt: '2025-05-12T14:03:00Z',
  total: 10,
  skipped: 3,
  skippedBreakdown: { notOptedIn: 2, invalidPhone: 1, duplicate: 0, missingValue: 0, total: 3 },
  queued: 6,
  accepted: 2,
  sent: 1,
  delivered: 1,
  read: 0,
  failed: 0,
  canceled: 0,
  percent: 40,
  ...overrides,
});

const completed = broadcast({ status: 'Completed', queued: 0, accepted: 0, sent: 2, delivered: 5, read: 2, failed: 1, percent: 100, completedAt: '2025-05-12T14:05:00Z' });

const renderPage = (path = '/whatsapp/broadcasts/42') =>
  renderAtRoute(path, <Route path="/whatsapp/broadcasts/:id" element={<BroadcastPage />} />);

const progressBar = () => screen.getByRole('progressbar', { name: 'Broadcast progress' });

describe('BroadcastPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    groupsClient.listGroups.mockResolvedValue([{ id: 1, name: 'Downtown', memberCount: 3, optedInCount: 2 }]);
    broadcastsClient.listSkippedRecipients.mockResolvedValue({ items: [], nextCursor: null });
  });

  it('lists the skipped recipients with their reason, by reason, a page at a time', async () => {
    broadcastsClient.getBroadcast.mockResolvedValue(completed);
    broadcastsClient.listSkippedRecipients.mockImplementation((_id: number, reason: string | null, cursor: string | null) =>
      Promise.resolve(
        reason === 'InvalidPhone'
          ? { items: [{ customerId: 9, name: 'Ivo Invalid', phone: '+1999', reason: 'InvalidPhone', missing: [] }], nextCursor: null }
          : cursor === null
            ? { items: [{ customerId: 7, name: 'Nora Notin', phone: '+14155550107', reason: 'NotOptedIn', missing: [] }], nextCursor: '7' }
            : { items: [{ customerId: 8, name: 'Max Missing', phone: '+14155550108', reason: 'MissingValue', missing: ['2'] }], nextCursor: null },
      ),
    );
    renderPage();

    const table = await screen.findByRole('table', { name: 'Skipped recipients' }, { timeout: 5000 });
    expect(await within(table).findByRole('link', { name: 'Nora Notin' })).toHaveAttribute('href', '/customers/7');
    expect(within(table).getByText('Not opted in')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    expect(await within(table).findByRole('link', { name: 'Max Missing' })).toBeInTheDocument();
    expect(within(table).getByText('no value for {{2}}')).toBeInTheDocument();
    expect(broadcastsClient.listSkippedRecipients).toHaveBeenLastCalledWith(42, null, '7', 50, expect.anything());
    expect(screen.queryByRole('button', { name: 'Show more' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('combobox', { name: 'Reason' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Invalid number', hidden: true }));
    expect(await screen.findByRole('link', { name: 'Ivo Invalid' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Nora Notin' })).not.toBeInTheDocument();
  });

  it('shows the progress, counts, skipped reasons, template, audience and cost, and links to the Sent Log', async () => {
    broadcastsClient.getBroadcast.mockResolvedValue(broadcast({ spend: [{ amount: 0.012, currency: 'USD' }] }));
    renderPage();

    expect(await screen.findByRole('heading', { name: 'May bills' })).toBeInTheDocument();
    expect(screen.getByTestId('broadcast-status')).toHaveTextContent('Sending');
    expect(progressBar()).toHaveAttribute('aria-valuenow', '40');
    expect(screen.getByText('40%')).toBeInTheDocument();
    expect(screen.getByTestId('count-total')).toHaveTextContent('10');
    expect(screen.getByTestId('count-queued')).toHaveTextContent('6');
    expect(screen.getByTestId('count-accepted')).toHaveTextContent('2');
    expect(screen.getByTestId('count-skipped')).toHaveTextContent('3');
    expect(screen.getByTestId('count-notOptedIn')).toHaveTextContent('2');
    expect(screen.getByTestId('count-invalidPhone')).toHaveTextContent('1');
    const details = screen.getByRole('region', { name: 'Details' });
    expect(details).toHaveTextContent('bill_due (en)');
    await waitFor(() => expect(details).toHaveTextContent('Group: Downtown, only plan Fibre 500'));
    expect(details).toHaveTextContent('{{1}} = {{customer.name}}');
    expect(screen.getByTestId('broadcast-spend')).toHaveTextContent(/0\.012/);
    expect(screen.getByRole('link', { name: 'View messages in the Sent Log' })).toHaveAttribute('href', '/whatsapp/log?broadcastId=42');
    expect(broadcastsClient.getBroadcast).toHaveBeenCalledWith(42, expect.anything());
  });

  it('asks again every 1.5 s while sending, and stops once the broadcast is completed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      broadcastsClient.getBroadcast.mockResolvedValueOnce(broadcast({})).mockResolvedValue(completed);
      renderPage();
      await screen.findByText('40%');
      expect(broadcastsClient.getBroadcast).toHaveBeenCalledTimes(1);

      await act(() => vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS));
      await waitFor(() => expect(screen.getByTestId('broadcast-status')).toHaveTextContent('Completed'));
      expect(progressBar()).toHaveAttribute('aria-valuenow', '100');
      expect(screen.getByText('100%')).toBeInTheDocument();
      expect(screen.getByTestId('count-delivered')).toHaveTextContent('5');
      expect(screen.queryByRole('button', { name: 'Cancel broadcast' })).not.toBeInTheDocument();

      await act(() => vi.advanceTimersByTimeAsync(PROGRESS_POLL_MS * 10));
      expect(broadcastsClient.getBroadcast).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('cancels a scheduled broadcast only after a confirmation that offers to keep it scheduled, then shows it canceled and grey', async () => {
    const user = userEvent.setup();
    broadcastsClient.getBroadcast.mockResolvedValue(broadcast({ status: 'Scheduled', scheduledAt: '2030-01-31T08:30:00Z', percent: 0 }));
    broadcastsClient.cancelBroadcast.mockResolvedValue(
      broadcast({ status: 'Canceled', canceledAt: '2025-05-12T14:04:00Z', canceledBy: 'staff@example.com', queued: 0, canceled: 6, percent: 40 }),
    );
    renderPage();

    expect(await screen.findByTestId('broadcast-status')).toHaveTextContent('Scheduled');
    expect(screen.getByRole('region', { name: 'Details' })).toHaveTextContent('Scheduled for');
    await user.click(screen.getByRole('button', { name: 'Cancel broadcast' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancel May bills?' });
    expect(broadcastsClient.cancelBroadcast).not.toHaveBeenCalled();
    expect(within(dialog).getByRole('button', { name: 'Keep scheduled' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Keep sending' })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel broadcast' }));

    await waitFor(() => expect(broadcastsClient.cancelBroadcast).toHaveBeenCalledWith(42));
    await waitFor(() => expect(screen.getByTestId('broadcast-status')).toHaveTextContent('Canceled'));
    expect(screen.getByTestId('count-canceled')).toHaveTextContent('6');
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancel broadcast' })).not.toBeInTheDocument());
    // Grey, not the theme's "done" colour.
    expect(progressBar().getAttribute('style') ?? '').toContain('gray');
  });

  it('shows the shape of the page while it loads, announced as loading', async () => {
    let answer: (b: BroadcastDto) => void = () => {};
    broadcastsClient.getBroadcast.mockReturnValue(new Promise<BroadcastDto>((resolve) => (answer = resolve)));
    renderPage();
    expect(await screen.findByRole('status', { name: 'Loading broadcast' })).toBeInTheDocument();
    act(() => answer(completed));
    expect(await screen.findByRole('heading', { name: 'May bills' })).toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Loading broadcast' })).not.toBeInTheDocument();
  });

  it('says so when the broadcast does not exist', async () => {
    broadcastsClient.getBroadcast.mockRejectedValue({ status: 404, title: 'Not Found' });
    renderPage('/whatsapp/broadcasts/404');
    expect(await screen.findByRole('heading', { name: 'Broadcast not found' })).toBeInTheDocument();
  });
});
