import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
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
    expect(screen.queryByRole('button', { name: 'Set Main Twilio active' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete Main Twilio' })).toHaveAttribute('aria-disabled', 'true');

    const old = screen.getByRole('row', { name: 'Old Twilio' });
    expect(within(old).getByText('Credentials must be re-entered')).toBeInTheDocument();
    expect(within(old).queryByText('Active')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Set Old Twilio active' })).toBeEnabled();
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
});
