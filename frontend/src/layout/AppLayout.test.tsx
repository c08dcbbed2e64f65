import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { Route } from 'react-router';
import { renderAtRoute } from '../test/renderAtRoute';

const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn(), logout: vi.fn() }));

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  authClient,
}));

const { AppLayout } = await import('./AppLayout');

describe('AppLayout', () => {
  it.each([
    ['/whatsapp/compose', 'Compose'],
    ['/whatsapp/broadcasts/42', 'Compose'],
    ['/settings/users', 'Settings'],
  ])('marks the menu item of %s as the current page', async (path, item) => {
    authClient.getCurrentUser.mockResolvedValue({ email: 'admin@example.com', roles: ['Admin'] });
    renderAtRoute(path, <Route path="*" element={<AppLayout />} />);
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(await within(nav).findByRole('link', { name: item })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getAllByRole('link').filter((link) => link.getAttribute('aria-current') === 'page')).toHaveLength(1);
  });
});
