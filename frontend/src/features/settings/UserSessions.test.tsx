import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { renderAtRoute } from '../../test/renderAtRoute';

const usersClient = vi.hoisted(() => ({ listUserSessions: vi.fn(), endUserSession: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  usersClient,
}));

const { UserSessionsButton } = await import('./UserSessions');

const session = { id: 's-1', kind: 'cookie', createdAt: '2026-01-05T09:00:00Z', lastSeenAt: '2026-01-05T10:00:00Z', clientAddress: '203.0.113.9', userAgent: 'Firefox' };

describe('UserSessionsButton', () => {
  beforeEach(() => vi.clearAllMocks());

  it("lists a user's sessions and ends one", async () => {
    const user = userEvent.setup();
    usersClient.listUserSessions.mockResolvedValueOnce([session]).mockResolvedValue([]);
    usersClient.endUserSession.mockResolvedValue(undefined);
    renderAtRoute('/settings/users', <Route path="/settings/users" element={<UserSessionsButton user={{ id: 'u-1', email: 'ana@example.com' }} />} />);

    await user.click(screen.getByRole('button', { name: 'Sessions of ana@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sessions of ana@example.com' });
    const row = await within(dialog).findByRole('row', { name: /Browser.*203\.0\.113\.9/ });
    await user.click(within(row).getByRole('button', { name: 'End' }));

    expect(usersClient.endUserSession).toHaveBeenCalledWith('u-1', 's-1');
    await waitFor(() => expect(within(dialog).getByText('Not signed in anywhere.')).toBeInTheDocument());
  });
});
