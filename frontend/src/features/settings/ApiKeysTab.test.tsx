import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { ApiKeyDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const apiKeysClient = vi.hoisted(() => ({ listApiKeys: vi.fn(), createApiKey: vi.fn(), revokeApiKey: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  apiKeysClient,
}));

const { ApiKeysTab, SHOWN_ONCE_TEXT } = await import('./ApiKeysTab');

const SECRET = 'wak_live_7f3c2a9e1b4d8f6a0c5e3b7d9f1a2c4e';

const key = (overrides: Partial<ApiKeyDto> = {}): ApiKeyDto => ({
  id: 1,
  name: 'Billing ERP',
  prefix: 'wak_live_7f3c',
  createdAt: '2026-01-05T09:00:00Z',
  createdBy: 'admin@example.com',
  lastUsedAt: null,
  revokedAt: null,
  revokedBy: null,
  ...overrides,
});

function renderTab() {
  renderAtRoute('/settings/api-keys', <Route path="/settings/api-keys" element={<ApiKeysTab />} />);
}

describe('ApiKeysTab', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    apiKeysClient.listApiKeys.mockResolvedValue([]);
  });

  it('shows a new key once, with a copy button and the warning, and never again after the dialog closes', async () => {
    const user = userEvent.setup();
    apiKeysClient.createApiKey.mockResolvedValue({ apiKey: key(), key: SECRET });
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), '  Billing ERP ');
    apiKeysClient.listApiKeys.mockResolvedValue([key()]);
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    expect(apiKeysClient.createApiKey).toHaveBeenCalledWith({ name: 'Billing ERP' });
    const shown = await screen.findByRole('dialog', { name: 'Your new API key' });
    expect(within(shown).getByRole('textbox', { name: 'API key “Billing ERP”' })).toHaveValue(SECRET);
    expect(within(shown).getByRole('alert')).toHaveTextContent(SHOWN_ONCE_TEXT);
    expect(within(shown).getByRole('button', { name: 'Copy the key' })).toBeInTheDocument();

    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const row = await screen.findByRole('row', { name: /Billing ERP/ });
    expect(row).toHaveTextContent('wak_live_7f3c…');
    expect(screen.queryByText(SECRET)).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();

    // Opening the dialog again starts a new key; the old one is gone for good.
    await user.click(screen.getByRole('button', { name: 'New API key' }));
    const again = await screen.findByRole('dialog', { name: 'New API key' });
    expect(within(again).getByRole('textbox', { name: 'Name' })).toHaveValue('');
    expect(screen.queryByDisplayValue(SECRET)).not.toBeInTheDocument();
  });

  it('shows a refused name on its input', async () => {
    const user = userEvent.setup();
    apiKeysClient.createApiKey.mockRejectedValue({ status: 400, title: 'One or more validation errors occurred.', errors: { name: ['At most 100 characters.'] } });
    renderTab();
    await user.click(await screen.findByRole('button', { name: 'New API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'New API key' });
    const name = within(dialog).getByRole('textbox', { name: 'Name' });
    await user.type(name, 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));
    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription(expect.stringContaining('At most 100 characters.'));
  });

  it('lists keys with last use and status in words, and revokes only after confirmation', async () => {
    const user = userEvent.setup();
    apiKeysClient.listApiKeys.mockResolvedValue([
      key({ lastUsedAt: '2026-01-06T10:00:00Z' }),
      key({ id: 2, name: 'Old helpdesk', prefix: 'wak_live_0000', revokedAt: '2026-01-04T10:00:00Z', revokedBy: 'admin@example.com' }),
    ]);
    apiKeysClient.revokeApiKey.mockResolvedValue(undefined);
    renderTab();

    const active = await screen.findByRole('row', { name: /Billing ERP/ });
    expect(active).toHaveTextContent('Active');
    expect(active).not.toHaveTextContent('Never');
    const revoked = screen.getByRole('row', { name: /Old helpdesk/ });
    expect(revoked).toHaveTextContent('Revoked');
    expect(within(revoked).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument();

    await user.click(within(active).getByRole('button', { name: 'Revoke Billing ERP' }));
    const confirm = await screen.findByRole('dialog', { name: 'Revoke “Billing ERP”?' });
    expect(apiKeysClient.revokeApiKey).not.toHaveBeenCalled();
    await user.click(within(confirm).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => expect(apiKeysClient.revokeApiKey).toHaveBeenCalledWith(1));
  });

  it('explains how to raise an event with a key', async () => {
    renderTab();
    const note = await screen.findByRole('region', { name: 'Calling the events API' });
    expect(note).toHaveTextContent('POST /api/events');
    expect(note).toHaveTextContent('X-Api-Key');
    expect(note).toHaveTextContent('Idempotency-Key');
    expect(note).toHaveTextContent('"type": "payment.received"');
  });
});
