import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { ConsentStatsDto, DailyMessagesDto } from '../../api/client';
import { currentAddress, renderAtRoute } from '../../test/renderAtRoute';
import { providerHealth } from './providerHealth.fixture';
import { periodStart } from './overview';

const periodStats = vi.hoisted(() => ({
  getDailyMessageStats: vi.fn(),
  getTemplateDeliveryStats: vi.fn(),
  getProviderDeliveryStats: vi.fn(),
  getFailureStats: vi.fn(),
  getConsentStats: vi.fn(),
  getSpendStats: vi.fn(),
  getDailySpendStats: vi.fn(),
}));
const statsClient = vi.hoisted(() => ({
  ...periodStats,
  getProviderHealth: vi.fn(),
  getSpendByTemplate: vi.fn(),
  getSpendByBroadcast: vi.fn(),
  getSpendByAutomation: vi.fn(),
  getLoopHealth: vi.fn(),
}));
const providersClient = vi.hoisted(() => ({ listProviderSummaries: vi.fn() }));
const broadcastsClient = vi.hoisted(() => ({ listBroadcasts: vi.fn() }));
const templatesClient = vi.hoisted(() => ({ listTemplates: vi.fn() }));
const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  statsClient,
  providersClient,
  broadcastsClient,
  templatesClient,
  authClient,
}));

const { OverviewPage } = await import('./OverviewPage');

const day = (d: string, counts: Partial<DailyMessagesDto> = {}): DailyMessagesDto => ({
  day: d,
  queued: 0,
  accepted: 0,
  sent: 0,
  delivered: 0,
  read: 0,
  failed: 0,
  canceled: 0,
  ...counts,
});

const consent: ConsentStatsDto = {
  optedInNow: 30,
  customersNow: 40,
  days: [
    { day: '2025-05-11', optedIn: 2, optedOut: 1 },
    { day: '2025-05-12', optedIn: 1, optedOut: 3 },
  ],
  optOutsBySource: [
    { source: 'StopReply', count: 3 },
    { source: 'UnsubscribeLink', count: 1 },
    { source: 'ProviderError', count: 0 },
  ],
};

const spareHealth = providerHealth({ id: 2, name: 'Spare', providerType: 'meta', isActive: false, lastSuccessAt: null, sentLast24h: 0, dailyMessagingLimit: null });

const renderPage = (path = '/whatsapp/overview') => renderAtRoute(path, <Route path="/whatsapp/overview" element={<OverviewPage />} />);

describe('OverviewPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    statsClient.getDailyMessageStats.mockResolvedValue([
      day('2025-05-11', { delivered: 4, read: 2, failed: 1 }),
      day('2025-05-12', { sent: 3, delivered: 2 }),
    ]);
    statsClient.getTemplateDeliveryStats.mockResolvedValue([
      { id: 3, name: 'bill_due', total: 10, delivered: 8, read: 4, failed: 2, deliveryRate: 0.8, readRate: 0.4 },
    ]);
    statsClient.getProviderDeliveryStats.mockResolvedValue([
      { id: 1, name: 'Main Twilio', total: 10, delivered: 9, read: 5, failed: 1, deliveryRate: 0.9, readRate: 0.5 },
    ]);
    statsClient.getFailureStats.mockResolvedValue([
      { providerType: 'twilio', code: '63016', meaning: 'Outside the 24-hour window: only templates can be sent', count: 5 },
      { providerType: 'meta', code: '999', meaning: null, count: 1 },
    ]);
    statsClient.getConsentStats.mockResolvedValue(consent);
    statsClient.getSpendStats.mockResolvedValue([{ category: 'marketing', currency: 'USD', messages: 40, amount: 2.5 }]);
    statsClient.getDailySpendStats.mockResolvedValue([{ day: '2025-05-12', currency: 'USD', messages: 40, amount: 2.5 }]);
    statsClient.getSpendByTemplate.mockResolvedValue([{ key: 'plan_offer', name: 'plan_offer', currency: 'USD', messages: 40, amount: 2.5 }]);
    statsClient.getSpendByBroadcast.mockResolvedValue([{ key: '42', name: 'May offers', currency: 'USD', messages: 30, amount: 1.5 }]);
    statsClient.getSpendByAutomation.mockResolvedValue([{ key: 'bill.created', name: 'bill.created', currency: 'USD', messages: 10, amount: 0.04 }]);
    providersClient.listProviderSummaries.mockResolvedValue([
      { id: 1, name: 'Main Twilio', providerType: 'twilio', isActive: true },
      { id: 2, name: 'Spare', providerType: 'meta', isActive: false },
    ]);
    statsClient.getProviderHealth.mockResolvedValue([providerHealth(), spareHealth]);
    statsClient.getLoopHealth.mockResolvedValue({ outboxDepth: 0, oldestDueAgeSeconds: 0, windowSeconds: 300, callbacksReceived: 0, sent: 0, providerLatency: [] });
    templatesClient.listTemplates.mockResolvedValue([{ id: 3, name: 'bill_due', language: 'en', status: 'APPROVED', sendable: true }]);
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
    broadcastsClient.listBroadcasts.mockImplementation(async (status: string) =>
      status === 'Sending'
        ? { items: [{ id: 42, name: 'May bills', status: 'Sending', templateName: 'bill_due', total: 10, percent: 40 }], total: 1, page: 1, pageSize: 20 }
        : { items: [], total: 0, page: 1, pageSize: 20 },
    );
  });

  it('asks every stats endpoint for 30 days by default, and for the period chosen, kept in the address', async () => {
    renderPage();
    await waitFor(() => expect(statsClient.getDailyMessageStats).toHaveBeenCalledWith(30, expect.anything()));
    for (const call of Object.values(periodStats)) expect(call).toHaveBeenCalledWith(30, expect.anything());

    await userEvent.click(screen.getByRole('radio', { name: '7 days' }));

    await waitFor(() => expect(currentAddress()).toBe('/whatsapp/overview?days=7'));
    for (const call of Object.values(periodStats)) await waitFor(() => expect(call).toHaveBeenLastCalledWith(7, expect.anything()));
  });

  it('shows what the period cost by pricing category', async () => {
    renderPage();
    const row = await screen.findByTestId('spend-row');
    expect(row).toHaveTextContent('marketing');
    expect(row).toHaveTextContent('40');
    expect(row).toHaveTextContent(/2\.50/);
  });

  it('breaks the spend down per day, template, broadcast (linking to it) and automation', async () => {
    renderPage();
    expect(await screen.findByTestId('spend-breakdown-row')).toHaveTextContent(/2\.50/);
    await userEvent.click(screen.getByRole('radio', { name: 'Broadcast' }));
    expect(await screen.findByRole('link', { name: 'May offers' })).toHaveAttribute('href', '/whatsapp/broadcasts/42');
    expect(statsClient.getSpendByBroadcast).toHaveBeenCalledWith(30, expect.anything());
    await userEvent.click(screen.getByRole('radio', { name: 'Automation' }));
    expect(await screen.findByText('bill.created')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('radio', { name: 'Template' }));
    expect(await screen.findByText('plan_offer')).toBeInTheDocument();
  });

  it('reads the period from the address', async () => {
    renderPage('/whatsapp/overview?days=90');
    await waitFor(() => expect(statsClient.getConsentStats).toHaveBeenCalledWith(90, expect.anything()));
    expect(screen.getByRole('radio', { name: '90 days' })).toBeChecked();
    expect(statsClient.getDailyMessageStats).not.toHaveBeenCalledWith(30, expect.anything());
  });

  it('shows the active provider, today and yesterday, running broadcasts, totals and rates in text', async () => {
    renderPage();
    expect(await screen.findByTestId('active-provider')).toHaveTextContent('Main Twilio');
    expect(screen.getByTestId('active-provider')).toHaveTextContent('twilio');
    expect(statsClient.getProviderHealth).toHaveBeenCalled();
    expect(await screen.findByTestId('messaging-tier')).toHaveTextContent('420 of 1,000 (42%) people');
    expect(screen.getByTestId('circuit-state')).toHaveTextContent('Closed — sending normally');
    expect(await screen.findByTestId('messages-today')).toHaveTextContent('5');
    expect(screen.getByText(/Yesterday: 7/)).toBeInTheDocument();
    expect(screen.getByTestId('daily-totals')).toHaveTextContent('12 messages: 3 sent, 6 delivered, 2 read, 1 failed');
    expect(await screen.findByRole('link', { name: 'May bills' })).toHaveAttribute('href', '/whatsapp/broadcasts/42');
    expect(screen.getByRole('progressbar', { name: 'Progress of May bills' })).toHaveAttribute('aria-valuenow', '40');
    const templates = await screen.findByRole('table', { name: 'Delivery and read rate by template' });
    expect(within(templates).getByRole('progressbar', { name: 'Delivery rate of bill_due' })).toHaveAttribute('aria-valuenow', '80');
    expect(within(templates).getByText('80%')).toBeInTheDocument();
    expect(within(templates).getByText('40%')).toBeInTheDocument();
    const providers = screen.getByRole('table', { name: 'Delivery and read rate by provider' });
    expect(within(providers).getByText('90%')).toBeInTheDocument();
  });

  it('links to Settings → WhatsApp when no provider is active', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([{ id: 2, name: 'Spare', providerType: 'meta', isActive: false }]);
    statsClient.getProviderHealth.mockResolvedValue([spareHealth]);
    renderPage();
    const card = await screen.findByTestId('no-provider');
    expect(card).toHaveTextContent('No provider is active — set one up in Settings → WhatsApp');
    expect(within(card).getByRole('link', { name: 'Settings → WhatsApp' })).toHaveAttribute('href', '/settings/whatsapp');
    expect(screen.queryByTestId('active-provider')).not.toBeInTheDocument();
  });

  it('on a first run, puts what to do next on top: a provider in Settings → WhatsApp, then templates', async () => {
    providersClient.listProviderSummaries.mockResolvedValue([]);
    statsClient.getProviderHealth.mockResolvedValue([]);
    templatesClient.listTemplates.mockResolvedValue([]);
    renderPage();
    const guide = await screen.findByRole('region', { name: 'Before you can send' });
    expect(guide).toHaveTextContent('Nothing can be sent yet.');
    expect(within(guide).getByRole('link', { name: 'Open Settings → WhatsApp' })).toHaveAttribute('href', '/settings/whatsapp');
    expect(within(guide).getByRole('link', { name: 'Templates' })).toHaveAttribute('href', '/whatsapp/templates');
    expect(await screen.findByTestId('no-provider')).toBeInTheDocument();
  });

  it('tells Staff that an admin sets the provider up, without a link to the admins-only settings', async () => {
    authClient.getCurrentUser.mockResolvedValue({ email: 'staff@example.com', roles: ['Staff'] });
    providersClient.listProviderSummaries.mockResolvedValue([]);
    statsClient.getProviderHealth.mockResolvedValue([]);
    renderPage();
    const card = await screen.findByTestId('no-provider');
    await waitFor(() => expect(card).toHaveTextContent('No provider is active — an admin sets one up in Settings → WhatsApp.'));
    expect(within(card).queryByRole('link')).not.toBeInTheDocument();
    const guide = await screen.findByRole('region', { name: 'Before you can send' });
    expect(within(guide).queryByRole('link', { name: 'Open Settings → WhatsApp' })).not.toBeInTheDocument();
  });

  it('shows no set-up guide once a provider is active and a template can be sent', async () => {
    const queryClient = renderPage();
    expect(await screen.findByTestId('active-provider')).toBeInTheDocument();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(templatesClient.listTemplates).toHaveBeenCalled();
    expect(screen.queryByTestId('setup-guide')).not.toBeInTheDocument();
  });

  it('lists failures with their code and meaning, linking to the period’s messages with that code and the customers it hit', async () => {
    renderPage();
    const from = periodStart(30);
    const rows = await screen.findAllByTestId('failure-reason');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('63016');
    expect(rows[0]).toHaveTextContent('Outside the 24-hour window: only templates can be sent');
    expect(rows[1]).toHaveTextContent('999');
    expect(rows[1]).toHaveTextContent('No description for this code');
    expect(within(rows[0]).getByRole('link', { name: /5 failed messages with code 63016/ })).toHaveAttribute(
      'href',
      `/whatsapp/log?errorCode=63016&from=${from}`,
    );
    expect(within(rows[0]).getByRole('link', { name: 'Customers affected by code 63016' })).toHaveAttribute(
      'href',
      `/whatsapp/log/customers?errorCode=63016&from=${from}`,
    );
    expect(screen.getByRole('link', { name: 'Failed messages in the Sent Log' })).toHaveAttribute('href', `/whatsapp/log?status=Failed&from=${from}`);
  });

  it('gives opt-out sources human labels and shows who is opted in now', async () => {
    renderPage();
    expect(await screen.findByTestId('opted-in-now')).toHaveTextContent('30 of 40 customers (75%)');
    expect(screen.getByTestId('consent-totals')).toHaveTextContent('3 opt-ins, 4 opt-outs');
    expect(screen.getByText('STOP reply')).toBeInTheDocument();
    expect(screen.getByText('Unsubscribe link')).toBeInTheDocument();
    expect(screen.queryByText('StopReply')).not.toBeInTheDocument();
    // A source with no opt-out in the period is left out.
    expect(screen.queryByText('Provider error')).not.toBeInTheDocument();
  });

  it('explains what to do when no message has been sent yet', async () => {
    statsClient.getDailyMessageStats.mockResolvedValue([day('2025-05-11'), day('2025-05-12')]);
    renderPage();
    expect(await screen.findByText('No messages yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Compose a broadcast' })).toHaveAttribute('href', '/whatsapp/compose');
    expect(screen.getByRole('link', { name: 'Templates' })).toHaveAttribute('href', '/whatsapp/templates');
    expect(screen.queryByTestId('daily-totals')).not.toBeInTheDocument();
  });

  it('shows a problem where a load failed, and the rest of the page', async () => {
    statsClient.getFailureStats.mockRejectedValueOnce(new Error('boom'));
    renderPage();
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the failures.');
    expect(await screen.findByTestId('opted-in-now')).toBeInTheDocument();

    // Try again asks for what failed, and only that.
    const consentCalls = statsClient.getConsentStats.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('failure-reason')).toHaveLength(2);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(statsClient.getConsentStats).toHaveBeenCalledTimes(consentCalls);
  });
});
