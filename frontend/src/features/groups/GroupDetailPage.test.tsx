import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { CustomerDto, CustomerPage, GroupDto, HttpValidationProblemDetails } from '../../api/client';
import { currentAddress as location, renderAtRoute } from '../../test/renderAtRoute';

const groupsClient = vi.hoisted(() => ({
  getGroup: vi.fn(),
  listGroupMembers: vi.fn(),
  addGroupMembers: vi.fn(),
  removeGroupMembers: vi.fn(),
  deleteGroup: vi.fn(),
}));
const customersClient = vi.hoisted(() => ({ listCustomers: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  groupsClient,
  customersClient,
}));

const { GroupDetailPage } = await import('./GroupDetailPage');

const group: GroupDto = { id: 7, name: 'Downtown', description: 'City centre', memberCount: 2, optedInCount: 1 };
const ana: CustomerDto = { id: 1, name: 'Ana Souza', phone: '+14155550123', accountNumber: 'A-1001', whatsAppOptIn: true };
const bruno: CustomerDto = { id: 2, name: 'Bruno Lima', phone: '+14155550124', accountNumber: 'A-1002', whatsAppOptIn: false };
const carla: CustomerDto = { id: 3, name: 'Carla Dias', phone: '+14155550125', accountNumber: 'A-1003', whatsAppOptIn: true };

const page = (items: CustomerDto[], total = items.length): CustomerPage => ({ items, total, page: 1, pageSize: 25 });

function renderPage(path = '/groups/7') {
  renderAtRoute(
    path,
    <>
      <Route path="/groups" element={<p>Groups list</p>} />
      <Route path="/groups/:id" element={<GroupDetailPage />} />
    </>,
  );
}

describe('GroupDetailPage', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    groupsClient.getGroup.mockResolvedValue(group);
    groupsClient.listGroupMembers.mockResolvedValue(page([ana, bruno]));
  });

  it('shows the group’s counts and members; the search and page go to the members call', async () => {
    const user = userEvent.setup();
    groupsClient.listGroupMembers.mockResolvedValue(page([ana, bruno], 60));
    renderPage();

    expect(await screen.findByRole('heading', { name: 'Downtown' })).toBeInTheDocument();
    expect(screen.getByTestId('group-counts')).toHaveTextContent('2 customers · 1 opted in');
    const table = await screen.findByRole('table', { name: 'Members of Downtown' });
    expect(within(within(table).getByRole('row', { name: 'Ana Souza' })).getByRole('link', { name: 'Ana Souza' })).toHaveAttribute('href', '/customers/1');
    expect(groupsClient.listGroupMembers).toHaveBeenLastCalledWith(7, null, 1, 25, expect.anything());

    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => expect(groupsClient.listGroupMembers).toHaveBeenLastCalledWith(7, null, 2, 25, expect.anything()));
    await user.type(screen.getByRole('searchbox', { name: 'Search members' }), 'ana');
    await waitFor(() => expect(location()).toBe('/groups/7?q=ana'));
    await waitFor(() => expect(groupsClient.listGroupMembers).toHaveBeenLastCalledWith(7, 'ana', 1, 25, expect.anything()));
  });

  it('adds the customers picked in the search to the group', async () => {
    const user = userEvent.setup();
    customersClient.listCustomers.mockImplementation((q: string | null) =>
      Promise.resolve(q === 'carla' ? page([carla]) : page([ana, bruno, carla])),
    );
    groupsClient.addGroupMembers.mockResolvedValue({ added: 2, memberCount: 4 });
    renderPage();

    await screen.findByRole('table', { name: 'Members of Downtown' });
    await user.click(screen.getByRole('button', { name: 'Add members' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add members to Downtown' });
    const picker = within(dialog).getByRole('combobox', { name: 'Customers' });

    await user.click(picker);
    await user.click(await screen.findByRole('option', { name: /^Bruno Lima/, hidden: true }));
    await user.type(picker, 'carla');
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenLastCalledWith('carla', null, 1, 20, null, expect.anything()));
    await user.click(await screen.findByRole('option', { name: /^Carla Dias/, hidden: true }));

    await user.click(within(dialog).getByRole('button', { name: 'Add 2 customers' }));
    await waitFor(() => expect(groupsClient.addGroupMembers).toHaveBeenCalledWith(7, { customerIds: [2, 3] }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add members to Downtown' })).not.toBeInTheDocument());
    expect(groupsClient.listGroupMembers.mock.calls.length).toBeGreaterThan(1);
  });

  it('shows the server’s refusal of the picked customers on the picker', async () => {
    const user = userEvent.setup();
    customersClient.listCustomers.mockResolvedValue(page([ana]));
    const problem: HttpValidationProblemDetails = {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { customerIds: ['These customers do not exist: 1. Nothing was added.'] },
    };
    groupsClient.addGroupMembers.mockRejectedValue(problem);
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Add members' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add members to Downtown' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Customers' }));
    await user.click(await screen.findByRole('option', { name: /^Ana Souza/, hidden: true }));
    await user.click(within(dialog).getByRole('button', { name: 'Add to group' }));

    await waitFor(() => expect(within(dialog).getByText('These customers do not exist: 1. Nothing was added.')).toBeInTheDocument());
    expect(groupsClient.addGroupMembers).toHaveBeenCalledWith(7, { customerIds: [1] });
  });

  it('removes the selected members after asking', async () => {
    const user = userEvent.setup();
    groupsClient.removeGroupMembers.mockResolvedValue({ removed: 2, memberCount: 0 });
    renderPage();

    const table = await screen.findByRole('table', { name: 'Members of Downtown' });
    await user.click(within(table).getByRole('checkbox', { name: 'Select Ana Souza' }));
    await user.click(within(table).getByRole('checkbox', { name: 'Select Bruno Lima' }));
    await user.click(screen.getByRole('button', { name: 'Remove 2 selected' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove 2 customers from Downtown?' });
    expect(groupsClient.removeGroupMembers).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(groupsClient.removeGroupMembers).toHaveBeenCalledWith(7, { customerIds: [1, 2] }));
  });

  it('removes one member from its row', async () => {
    const user = userEvent.setup();
    groupsClient.removeGroupMembers.mockResolvedValue({ removed: 1, memberCount: 1 });
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Remove Bruno Lima' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Remove Bruno Lima from Downtown?' })).getByRole('button', { name: 'Remove' }));
    await waitFor(() => expect(groupsClient.removeGroupMembers).toHaveBeenCalledWith(7, { customerIds: [2] }));
  });

  it('leaves for the groups list once the group is deleted', async () => {
    const user = userEvent.setup();
    groupsClient.deleteGroup.mockResolvedValue(undefined);
    renderPage();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Delete group Downtown?' })).getByRole('button', { name: 'Delete group' }));
    await waitFor(() => expect(location()).toBe('/groups'));
    expect(groupsClient.deleteGroup).toHaveBeenCalledWith(7);
  });

  it('goes back a page when the last members of the last page were removed', async () => {
    const user = userEvent.setup();
    let removed = false;
    groupsClient.listGroupMembers.mockImplementation((_id: number, _q: string | null, pageNumber: number) =>
      Promise.resolve(
        pageNumber === 2
          ? { items: removed ? [] : [carla], total: removed ? 25 : 26, page: 2, pageSize: 25 }
          : { items: [ana, bruno], total: removed ? 25 : 26, page: 1, pageSize: 25 },
      ),
    );
    groupsClient.removeGroupMembers.mockImplementation(() => {
      removed = true;
      return Promise.resolve({ removed: 1, memberCount: 25 });
    });
    renderPage('/groups/7?page=2');

    await user.click(await screen.findByRole('checkbox', { name: 'Select all on this page' }));
    await user.click(screen.getByRole('button', { name: 'Remove 1 selected' }));
    await user.click(within(await screen.findByRole('dialog', { name: 'Remove Carla Dias from Downtown?' })).getByRole('button', { name: 'Remove' }));

    await waitFor(() => expect(location()).toBe('/groups/7'));
    expect(await screen.findByRole('row', { name: 'Ana Souza' })).toBeInTheDocument();
    expect(groupsClient.removeGroupMembers).toHaveBeenCalledWith(7, { customerIds: [3] });
  });
});
