import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { AffectedCustomerDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const messagesClient = vi.hoisted(() => ({ listAffectedCustomers: vi.fn() }));
const customersClient = vi.hoisted(() => ({ optOutCustomers: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  messagesClient,
  customersClient,
}));

const { AffectedCustomersPage } = await import('./AffectedCustomersPage');

const customer = (overrides: Partial<AffectedCustomerDto>): AffectedCustomerDto => ({
  customerId: 7,
  name: 'Ana Souza',
  phone: '+14155550123',
  whatsAppOptIn: true,
  messages: 3,
  lastAt: '2026-12-01T10:00:00Z',
  lastErrorCode: '63003',
  ...overrides,
});

const renderPage = (path: string) =>
  renderAtRoute(path, <Route path="/whatsapp/log/customers" element={<AffectedCustomersPage />} />);

describe('AffectedCustomersPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    messagesClient.listAffectedCustomers.mockResolvedValue({
      items: [customer({}), customer({ customerId: 8, name: 'Ben Out', whatsAppOptIn: false, messages: 1 })],
      truncated: false,
    });
    customersClient.optOutCustomers.mockResolvedValue({ optedOut: 1 });
  });

  it('lists each customer the code hit once, with the period, and exports the same filters', async () => {
    renderPage('/whatsapp/log/customers?errorCode=63003&from=2026-11-26');
    const table = await screen.findByRole('table', { name: 'Customers affected' });
    expect(within(table).getByRole('link', { name: 'Ana Souza' })).toHaveAttribute('href', '/customers/7');
    const call = messagesClient.listAffectedCustomers.mock.lastCall as unknown[];
    expect(call[8]).toBe('63003');
    expect(call[6]).toBe(new Date(2026, 10, 26).toISOString());
    expect(screen.getByRole('link', { name: 'Export CSV' })).toHaveAttribute(
      'href',
      `/api/whatsapp/messages/customers/export?from=${encodeURIComponent(new Date(2026, 10, 26).toISOString())}&errorCode=63003`,
    );
    expect(screen.getByText(/Messages that failed with code 63003 since 2026-11-26/)).toBeInTheDocument();
  });

  it('opts the selected customers out only with a reason', async () => {
    const user = userEvent.setup();
    renderPage('/whatsapp/log/customers?errorCode=63003');
    await screen.findByRole('table', { name: 'Customers affected' });
    // Who is already out cannot be chosen again.
    expect(screen.getByRole('checkbox', { name: 'Select Ben Out' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select Ana Souza' }));
    await user.click(screen.getByRole('button', { name: 'Opt out selected (1)' }));

    const dialog = await screen.findByRole('dialog', { name: 'Opt out 1 customer' });
    expect(within(dialog).getByRole('button', { name: 'Opt out' })).toBeDisabled();
    await user.type(within(dialog).getByRole('combobox', { name: /^Reason/ }), 'Customer disputes consent — phoned');
    await user.click(within(dialog).getByRole('button', { name: 'Opt out' }));
    await waitFor(() =>
      expect(customersClient.optOutCustomers).toHaveBeenCalledWith({ customerIds: [7], reason: 'Customer disputes consent — phoned' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });
});
