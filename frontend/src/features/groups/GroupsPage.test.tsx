import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { GroupDto, ProblemDetails } from '../../api/client';
import { currentAddress as location, renderAtRoute } from '../../test/renderAtRoute';

const groupsClient = vi.hoisted(() => ({ listGroups: vi.fn(), createGroup: vi.fn(), updateGroup: vi.fn(), deleteGroup: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  groupsClient,
}));

const { GroupsPage, EMPTY_GROUPS_TEXT } = await import('./GroupsPage');

const group = (overrides: Partial<GroupDto> = {}): GroupDto => ({
  id: 7,
  name: 'Downtown',
  description: 'Fiber customers in the city centre',
  memberCount: 12,
  optedInCount: 9,
  ...overrides,
});

function renderPage() {
  renderAtRoute(
    '/groups',
    <>
      <Route path="/groups" element={<GroupsPage />} />
      <Route path="/groups/:id" element={<p>Group page</p>} />
    </>,
  );
}

describe('GroupsPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    groupsClient.listGroups.mockResolvedValue([group(), group({ id: 8, name: 'Rural', description: null, memberCount: 1, optedInCount: 0 })]);
  });

  it('lists the groups with their member and opted-in counts, linked to their page', async () => {
    renderPage();
    const table = await screen.findByRole('table', { name: 'Groups' });
    const downtown = within(table).getByRole('row', { name: 'Downtown' });
    const cells = within(downtown).getAllByRole('cell').map((c) => c.textContent);
    expect(cells.slice(1, 3)).toEqual(['12', '9']);
    expect(within(downtown).getByRole('link', { name: 'Downtown' })).toHaveAttribute('href', '/groups/7');
    expect(within(downtown).getByText('Fiber customers in the city centre')).toBeInTheDocument();
    expect(within(within(table).getByRole('row', { name: 'Rural' })).getAllByRole('cell').map((c) => c.textContent).slice(1, 3)).toEqual(['1', '0']);
  });

  it('invites to create a group when there is none', async () => {
    groupsClient.listGroups.mockResolvedValue([]);
    renderPage();
    expect(await screen.findByText(EMPTY_GROUPS_TEXT)).toBeInTheDocument();
  });

  it('shows a taken name on the name field when creating a group, and opens the group once created', async () => {
    const user = userEvent.setup();
    const conflict: ProblemDetails = { status: 409, title: 'Conflict', detail: "A group named 'downtown' already exists.", field: 'name' };
    groupsClient.createGroup.mockRejectedValueOnce(conflict).mockResolvedValueOnce(group({ id: 9, name: 'Downtown 2', memberCount: 0, optedInCount: 0 }));
    renderPage();

    await screen.findByRole('table', { name: 'Groups' });
    await user.click(screen.getByRole('button', { name: 'New group' }));
    const dialog = await screen.findByRole('dialog', { name: 'New group' });
    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    await user.type(name, 'downtown');
    await user.click(within(dialog).getByRole('button', { name: 'Create group' }));

    await waitFor(() => expect(name).toHaveAttribute('aria-invalid', 'true'));
    expect(name).toHaveAccessibleDescription(expect.stringContaining("A group named 'downtown' already exists."));
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(groupsClient.createGroup).toHaveBeenCalledWith({ name: 'downtown', description: '' });

    await user.clear(name);
    await user.type(name, 'Downtown 2');
    await user.click(within(dialog).getByRole('button', { name: 'Create group' }));
    await waitFor(() => expect(location()).toBe('/groups/9'));
  });

  it('renames a group', async () => {
    const user = userEvent.setup();
    groupsClient.updateGroup.mockResolvedValue(group({ name: 'City centre' }));
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Rename Downtown' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit group Downtown' });
    const name = within(dialog).getByRole('textbox', { name: /^Name/ });
    await user.clear(name);
    await user.type(name, 'City centre');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(groupsClient.updateGroup).toHaveBeenCalledWith(7, { name: 'City centre', description: 'Fiber customers in the city centre' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Edit group Downtown' })).not.toBeInTheDocument());
  });

  it('asks before deleting a group, saying its customers stay', async () => {
    const user = userEvent.setup();
    groupsClient.deleteGroup.mockResolvedValue(undefined);
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Delete Downtown' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete group Downtown?' });
    expect(dialog).toHaveTextContent('12 customers are not');
    expect(groupsClient.deleteGroup).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Delete group' }));
    await waitFor(() => expect(groupsClient.deleteGroup).toHaveBeenCalledWith(7));
    await waitFor(() => expect(groupsClient.listGroups).toHaveBeenCalledTimes(2));
  });
});
