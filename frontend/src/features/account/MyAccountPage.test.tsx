import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { renderAtRoute } from '../../test/renderAtRoute';

const authClient = vi.hoisted(() => ({ changePassword: vi.fn(), getTwoFactor: vi.fn(), setUpTwoFactor: vi.fn(), enableTwoFactor: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  authClient,
}));

const { MyAccountPage, PASSWORD_CHANGED_TEXT } = await import('./MyAccountPage');

function renderPage() {
  renderAtRoute('/account', <Route path="/account" element={<MyAccountPage />} />);
}

async function fill(current: string, next: string, repeat = next) {
  const user = userEvent.setup();
  await user.type(await screen.findByLabelText(/^Current password/), current);
  await user.type(screen.getByLabelText(/^New password/), next);
  await user.type(screen.getByLabelText(/^Repeat the new password/), repeat);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('MyAccountPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    authClient.getTwoFactor.mockResolvedValue({ enabled: false, recoveryCodesLeft: 0, requiredForYou: false });
  });

  it('changes the password and says the other sessions were signed out', async () => {
    authClient.changePassword.mockResolvedValue(undefined);
    renderPage();
    await fill('Old-Password-1!', 'New-Password-2!');

    expect(authClient.changePassword).toHaveBeenCalledWith({ currentPassword: 'Old-Password-1!', newPassword: 'New-Password-2!' });
    expect(await screen.findByText(PASSWORD_CHANGED_TEXT)).toBeInTheDocument();
  });

  it('does not send two different new passwords', async () => {
    renderPage();
    await fill('Old-Password-1!', 'New-Password-2!', 'New-Password-3!');

    expect(await screen.findByText('The two new passwords differ.')).toBeInTheDocument();
    expect(authClient.changePassword).not.toHaveBeenCalled();
  });

  it('shows the server naming a wrong current password on that field', async () => {
    authClient.changePassword.mockRejectedValue({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { currentPassword: ['Incorrect password.'] },
    });
    renderPage();
    await fill('Wrong-Password-1!', 'New-Password-2!');

    expect(await screen.findByText('Incorrect password.')).toBeInTheDocument();
  });

  it('sets up two-factor: shows the key, turns it on with the code, then shows the recovery codes once', async () => {
    authClient.setUpTwoFactor.mockResolvedValue({ sharedKey: 'abcd efgh', authenticatorUri: 'otpauth://totp/x?secret=ABCDEFGH' });
    authClient.enableTwoFactor.mockResolvedValue({ codes: ['AAAA-1111', 'BBBB-2222'] });
    renderPage();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /Set up two-factor/ }));
    expect(await screen.findByTestId('two-factor-key')).toHaveTextContent('abcd efgh');

    authClient.getTwoFactor.mockResolvedValue({ enabled: true, recoveryCodesLeft: 2, requiredForYou: false });
    await user.type(screen.getByLabelText(/Code from the app/), '123456');
    await user.click(screen.getByRole('button', { name: /Turn on two-factor/ }));

    expect(authClient.enableTwoFactor).toHaveBeenCalledWith({ code: '123456' });
    expect(await screen.findByText('AAAA-1111')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'I have saved them' }));
    expect(screen.queryByText('AAAA-1111')).not.toBeInTheDocument();
    expect(screen.getByText(/Recovery codes left: 2/)).toBeInTheDocument();
  });
});
