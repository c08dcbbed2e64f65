import { describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import { Route } from 'react-router';
import { renderAtRoute } from '../test/renderAtRoute';

const authClient = vi.hoisted(() => ({ getCurrentUser: vi.fn(), logout: vi.fn() }));
const conversationsClient = vi.hoisted(() => ({ countUnreadConversations: vi.fn().mockResolvedValue({ conversations: 0, messages: 0 }) }));

vi.mock('../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/api')>()),
  authClient,
  conversationsClient,
}));

const { AppLayout } = await import('./AppLayout');

describe('AppLayout', () => {
  it.each([
    ['/whatsapp/overview', 'Overview'],
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

  it('lists Inbox first under WhatsApp, then Overview', async () => {
    authClient.getCurrentUser.mockResolvedValue({ email: 'staff@example.com', roles: ['Staff'] });
    renderAtRoute('/customers', <Route path="*" element={<AppLayout />} />);
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    const labels = within(nav).getAllByRole('link').map((link) => link.textContent);
    expect(labels.slice(labels.indexOf('Groups') + 1)).toEqual(['Inbox', 'Overview', 'Templates', 'Compose', 'Sent Log']);
    expect(within(nav).getByRole('link', { name: 'Inbox' })).toHaveAttribute('href', '/whatsapp/inbox');
    expect(within(nav).getByRole('link', { name: 'Overview' })).toHaveAttribute('href', '/whatsapp/overview');
  });

  it('shows the unread conversations on the Inbox item', async () => {
    authClient.getCurrentUser.mockResolvedValue({ email: 'staff@example.com', roles: ['Staff'] });
    conversationsClient.countUnreadConversations.mockResolvedValue({ conversations: 3, messages: 5 });
    renderAtRoute('/customers', <Route path="*" element={<AppLayout />} />);
    const nav = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(await within(nav).findByLabelText('3 unread conversations')).toHaveTextContent('3');
  });
});
