import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { UserDto } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const usersClient = vi.hoisted(() => ({ listUsers: vi.fn(), createUser: vi.fn(), deleteUser: vi.fn(), changeUserRole: vi.fn(), resetUserPassword: vi.fn() }));
const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn(), getSecuritySettings: vi.fn(), updateSecuritySettings: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  usersClient,
  authClient,
}));

const { UsersTab } = await import('./UsersTab');

const admin: UserDto = { id: 'a1', email: 'admin@example.com', role: 'Admin', createdAt: '2026-01-05T09:00:00Z' };
const staff: UserDto = { id: 's1', email: 'staff@example.com', role: 'Staff', createdAt: '2026-01-06T09:00:00Z' };

const renderTab = () => renderAtRoute('/settings/users', <Route path="/settings/users" element={<UsersTab />} />);

describe('UsersTab', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    authClient.getCurrentUser.mockResolvedValue({ id: 'a1', email: 'admin@example.com', roles: ['Admin'] });
    usersClient.listUsers.mockResolvedValue([admin, staff]);
    authClient.getSecuritySettings.mockResolvedValue({ requireTwoFactorForAdmins: false });
  });

  it('turns on the rule that admins must sign in with two-factor', async () => {
    authClient.updateSecuritySettings.mockResolvedValue({ requireTwoFactorForAdmins: true });
    renderTab();
    const toggle = await screen.findByRole('switch', { name: /Require two-factor sign-in for admins/ });
    expect(toggle).not.toBeChecked();
    await userEvent.setup().click(toggle);
    expect(authClient.updateSecuritySettings).toHaveBeenCalledWith({ requireTwoFactorForAdmins: true });
    await waitFor(() => expect(toggle).toBeChecked());
  });

  it('changes another user’s role after a confirmation, but not one’s own', async () => {
    const user = userEvent.setup();
    usersClient.changeUserRole.mockResolvedValue(undefined);
    renderTab();
    expect(await screen.findByRole('combobox', { name: 'Role of admin@example.com' })).toBeDisabled();
    const role = screen.getByRole('combobox', { name: 'Role of staff@example.com' });
    await user.click(role);
    const list = await waitFor(() => document.getElementById(role.getAttribute('aria-controls') ?? '')!);
    await user.click(within(list).getByRole('option', { name: 'Admin', hidden: true }));
    const confirm = await screen.findByRole('dialog', { name: 'Make staff@example.com an Admin?' });
    await user.click(within(confirm).getByRole('button', { name: 'Change role' }));
    await waitFor(() => expect(usersClient.changeUserRole).toHaveBeenCalledWith('s1', { role: 'Admin' }));
  });

  it('resets another user’s password; a refused one stays on its input, which gets the focus', async () => {
    const user = userEvent.setup();
    usersClient.resetUserPassword
      .mockRejectedValueOnce({ title: 'One or more validation errors occurred.', status: 400, errors: { newPassword: ['Passwords must be at least 10 characters.'] } })
      .mockResolvedValueOnce(undefined);
    renderTab();
    expect(await screen.findByRole('button', { name: 'Reset password of staff@example.com' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reset password of admin@example.com' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Reset password of staff@example.com' }));
    const dialog = await screen.findByRole('dialog', { name: 'Reset the password of staff@example.com' });
    const input = within(dialog).getByLabelText(/^New password/);
    await user.type(input, 'short');
    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    expect(await within(dialog).findByText('Passwords must be at least 10 characters.')).toBeInTheDocument();
    await waitFor(() => expect(input).toHaveFocus());

    await user.clear(input);
    await user.type(input, 'Long-Enough-Password-1!');
    await user.click(within(dialog).getByRole('button', { name: 'Reset password' }));
    await waitFor(() => expect(usersClient.resetUserPassword).toHaveBeenLastCalledWith('s1', { newPassword: 'Long-Enough-Password-1!' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('asks before deleting a user, and deletes nothing when that is canceled', async () => {
    const user = userEvent.setup();
    usersClient.deleteUser.mockResolvedValue(undefined);
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'Delete staff@example.com' }));
    let confirm = await screen.findByRole('dialog', { name: 'Delete staff@example.com?' });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(usersClient.deleteUser).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Delete staff@example.com' }));
    confirm = await screen.findByRole('dialog', { name: 'Delete staff@example.com?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(usersClient.deleteUser).toHaveBeenCalledWith('s1'));
  });

  it('keeps what was typed when the server refuses the new user, with the reason on its input', async () => {
    const user = userEvent.setup();
    usersClient.createUser.mockRejectedValue({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { password: ['Passwords must have at least one digit.'] },
    });
    renderTab();

    await user.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add user' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'new@example.com');
    await user.type(within(dialog).getByLabelText(/^Password/), 'No-digits-here!');
    await user.click(within(dialog).getByRole('button', { name: 'Create user' }));

    expect(await within(dialog).findByText('Passwords must have at least one digit.')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Email' })).toHaveValue('new@example.com');
    expect(within(dialog).getByLabelText(/^Password/)).toHaveValue('No-digits-here!');
    expect(within(dialog).getByLabelText(/^Password/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('says when the list cannot be loaded, and tries again on request', async () => {
    const user = userEvent.setup();
    usersClient.listUsers.mockRejectedValueOnce({ status: 500, title: 'Server error', detail: 'The database is not answering.' });
    renderTab();

    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the users.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Users' })).toHaveTextContent('staff@example.com');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
