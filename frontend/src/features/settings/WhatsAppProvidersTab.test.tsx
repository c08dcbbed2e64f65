import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import type { ProviderDto, ProviderTypeDto } from '../../api/client';
import { theme } from '../../theme';

const client = vi.hoisted(() => ({
  listProviders: vi.fn(),
  listProviderTypes: vi.fn(),
  setActiveProvider: vi.fn(),
  deleteProvider: vi.fn(),
  createProvider: vi.fn(),
  updateProvider: vi.fn(),
  setStandbyProvider: vi.fn(),
  clearStandbyProvider: vi.fn(),
}));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  providersClient: client,
}));

const { WhatsAppProvidersTab, EMPTY_PROVIDERS_TEXT } = await import('./WhatsAppProvidersTab');

const types: ProviderTypeDto[] = [
  {
    type: 'twilio',
    displayName: 'Twilio',
    credentialFields: [
      { key: 'accountSid', label: 'Account SID', required: true, secret: false },
      { key: 'authToken', label: 'Auth Token', required: true, secret: true },
    ],
  },
];

const provider = (overrides: Partial<ProviderDto>): ProviderDto => ({
  id: 1,
  name: 'Main Twilio',
  providerType: 'twilio',
  isActive: false,
  credentialsReadable: true,
  credentials: {
    accountSid: { value: 'AC0123456789abcdef0123456789abcdef', hasValue: true, secret: false },
    authToken: { value: '••••9876', hasValue: true, secret: true },
  },
  settings: { baseUrl: null, messagesPerSecond: 80 },
  ...overrides,
});

function renderTab() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <WhatsAppProvidersTab />
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

describe('WhatsAppProvidersTab', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    client.listProviderTypes.mockResolvedValue(types);
  });

  it('invites to add a provider when there is none', async () => {
    client.listProviders.mockResolvedValue([]);
    renderTab();
    expect(await screen.findByText(EMPTY_PROVIDERS_TEXT)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add provider' })).toBeEnabled();
  });

  it('lists providers with per-row actions named after the provider', async () => {
    client.listProviders.mockResolvedValue([
      provider({ id: 1, name: 'Main Twilio', isActive: true }),
      provider({ id: 2, name: 'Old Twilio', credentialsReadable: false, credentials: {} }),
    ]);
    renderTab();

    const main = await screen.findByRole('row', { name: 'Main Twilio' });
    expect(within(main).getByText('Active')).toBeInTheDocument();
    expect(within(main).getByText('••••9876')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Set active: Main Twilio' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete Main Twilio' })).toHaveAttribute('aria-disabled', 'true');

    const old = screen.getByRole('row', { name: 'Old Twilio' });
    expect(within(old).getByText('Credentials must be re-entered')).toBeInTheDocument();
    expect(within(old).queryByText('Active')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Set active: Old Twilio' })).toBeEnabled();
  });

  it('does not delete the active provider, and deletes another only after confirmation', async () => {
    const user = userEvent.setup();
    client.listProviders.mockResolvedValue([
      provider({ id: 1, name: 'Main Twilio', isActive: true }),
      provider({ id: 2, name: 'Backup Twilio' }),
    ]);
    client.deleteProvider.mockResolvedValue(undefined);
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'Delete Main Twilio' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Delete Backup Twilio' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Backup Twilio');
    expect(client.deleteProvider).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(client.deleteProvider).toHaveBeenCalledWith(2);
  });

  it('switches the active provider only after confirmation, naming both', async () => {
    const user = userEvent.setup();
    client.listProviders.mockResolvedValue([
      provider({ id: 1, name: 'Main Twilio', isActive: true }),
      provider({ id: 2, name: 'Backup Twilio' }),
    ]);
    client.setActiveProvider.mockResolvedValue(provider({ id: 2, name: 'Backup Twilio', isActive: true }));
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'Set active: Backup Twilio' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('instead of Main Twilio');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(client.setActiveProvider).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Set active: Backup Twilio' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Set active' }));
    expect(client.setActiveProvider).toHaveBeenCalledWith(2);
  });

  it('makes the first provider active without asking, when none is active', async () => {
    const user = userEvent.setup();
    client.listProviders.mockResolvedValue([provider({ id: 2, name: 'Backup Twilio' })]);
    client.setActiveProvider.mockResolvedValue(provider({ id: 2, name: 'Backup Twilio', isActive: true }));
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'Set active: Backup Twilio' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(client.setActiveProvider).toHaveBeenCalledWith(2);
  });

  it('lists the active provider first, then the standby, then the others', async () => {
    client.listProviders.mockResolvedValue([
      provider({ id: 4, name: 'Another Twilio' }),
      provider({ id: 2, name: 'Backup Twilio', isStandby: true }),
      provider({ id: 1, name: 'Main Twilio', isActive: true }),
      provider({ id: 3, name: 'Spare Twilio' }),
    ]);
    renderTab();
    await screen.findByRole('row', { name: 'Main Twilio' });
    expect(screen.getAllByTestId('provider-row').map((row) => row.getAttribute('aria-label'))).toEqual([
      'Main Twilio',
      'Backup Twilio',
      'Another Twilio',
      'Spare Twilio',
    ]);
  });

  it('marks the standby, offers to make another non-active provider the standby, and never the active one', async () => {
    const user = userEvent.setup();
    client.listProviders.mockResolvedValue([
      provider({ id: 1, name: 'Main Twilio', isActive: true }),
      provider({ id: 2, name: 'Backup Twilio', isStandby: true }),
      provider({ id: 3, name: 'Spare Twilio' }),
    ]);
    client.setStandbyProvider.mockResolvedValue(provider({ id: 3, name: 'Spare Twilio', isStandby: true }));
    renderTab();

    const backup = await screen.findByRole('row', { name: 'Backup Twilio' });
    expect(within(backup).getByText('Standby')).toBeInTheDocument();
    expect(within(screen.getByRole('row', { name: 'Main Twilio' })).queryByText('Standby')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Make standby: Main Twilio' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Unset standby: Backup Twilio' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Make standby: Spare Twilio' }));
    expect(client.setStandbyProvider).toHaveBeenCalledWith(3);
    // The list is asked again, to show the standby moved.
    await waitFor(() => expect(client.listProviders).toHaveBeenCalledTimes(2));
  });

  it('unsets the standby, turning failover off', async () => {
    const user = userEvent.setup();
    client.listProviders.mockResolvedValue([
      provider({ id: 1, name: 'Main Twilio', isActive: true }),
      provider({ id: 2, name: 'Backup Twilio', isStandby: true }),
    ]);
    client.clearStandbyProvider.mockResolvedValue(undefined);
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'Unset standby: Backup Twilio' }));
    expect(client.clearStandbyProvider).toHaveBeenCalled();
    expect(client.setStandbyProvider).not.toHaveBeenCalled();
  });

  it('shows each provider’s messaging tier, the one it reported first, or that none is set', async () => {
    client.listProviders.mockResolvedValue([
      provider({ id: 1, name: 'Main Twilio', isActive: true, settings: { baseUrl: null, messagesPerSecond: 80, dailyMessagingLimit: 10_000 } }),
      provider({ id: 2, name: 'Backup Twilio' }),
      provider({ id: 3, name: 'Meta', messagingTier: 'TIER_2K', settings: { baseUrl: null, messagesPerSecond: 80, dailyMessagingLimit: 250 } }),
    ]);
    renderTab();
    expect(within(await screen.findByRole('row', { name: 'Main Twilio' })).getByTestId('provider-tier')).toHaveTextContent('Tier: 10,000 per 24 h');
    expect(within(screen.getByRole('row', { name: 'Backup Twilio' })).getByTestId('provider-tier')).toHaveTextContent('No messaging tier set');
    expect(within(screen.getByRole('row', { name: 'Meta' })).getByTestId('provider-tier')).toHaveTextContent('Tier: TIER_2K (reported by the provider)');
  });
});
