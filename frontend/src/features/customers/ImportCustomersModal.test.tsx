import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { CustomerImportResult, ProblemDetails } from '../../api/client';
import { renderAtRoute } from '../../test/renderAtRoute';

const customersClient = vi.hoisted(() => ({ listCustomers: vi.fn(), importCustomers: vi.fn() }));

vi.mock('../../lib/api', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../lib/api')>()),
  customersClient,
}));

const { CustomersPage } = await import('./CustomersPage');
const { SAMPLE_CSV } = await import('./customerImport');

const csv = () => new File(['name,phone\nAna Souza,+14155550123\n'], 'customers.csv', { type: 'text/csv' });

const checked: CustomerImportResult = {
  created: 3,
  updated: 2,
  unchanged: 7,
  failed: 2,
  errors: [
    { row: 4, field: 'phone', message: 'A valid phone number is required.' },
    { row: 9, field: 'whatsAppOptIn', message: 'Use true/false, yes/no or 1/0.' },
  ],
  errorsTruncated: true,
  dryRun: true,
};

async function openImport() {
  const user = userEvent.setup();
  renderAtRoute('/customers', <Route path="/customers" element={<CustomersPage />} />);
  await screen.findByRole('row', { name: 'Ana Souza' });
  await user.click(screen.getByRole('button', { name: 'Import CSV' }));
  const dialog = await screen.findByRole('dialog', { name: 'Import customers from CSV' });
  return { user, dialog };
}

/** The summary table as { Created: '3', … }. */
function countsOf(table: HTMLElement) {
  const cells = within(table).getAllByRole('cell');
  return Object.fromEntries(within(table).getAllByRole('columnheader').map((th, i) => [th.textContent, cells[i].textContent]));
}

describe('Import customers from CSV', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    customersClient.listCustomers.mockResolvedValue({ items: [{ id: 1, name: 'Ana Souza', phone: '+14155550123' }], total: 1, page: 1, pageSize: 25 });
  });

  it('checks the file as a dry run by default and shows the counts and the problems', async () => {
    const { user, dialog } = await openImport();
    expect(within(dialog).getByRole('checkbox', { name: 'Check only (dry run)' })).toBeChecked();
    const sample = within(dialog).getByRole('link', { name: 'Download a sample file' });
    expect(sample).toHaveAttribute('download', 'customers-sample.csv');
    expect(decodeURIComponent(sample.getAttribute('href')!.split(',').slice(1).join(','))).toBe(SAMPLE_CSV);

    customersClient.importCustomers.mockResolvedValue(checked);
    const file = csv();
    await user.upload(screen.getByTestId('import-file-input'), file);
    await user.click(within(dialog).getByRole('button', { name: 'Check file' }));

    await waitFor(() => expect(customersClient.importCustomers).toHaveBeenCalledWith(true, { data: file, fileName: 'customers.csv' }));
    expect(await within(dialog).findByText('Checked: nothing was saved')).toBeInTheDocument();
    expect(countsOf(within(dialog).getByRole('table', { name: 'Import summary' }))).toEqual({
      Created: '3',
      Updated: '2',
      Unchanged: '7',
      Failed: '2',
    });
    const problems = within(dialog).getByRole('table', { name: 'Problems in the file' });
    const rows = within(problems).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['4', 'phone', 'A valid phone number is required.'],
      ['9', 'whatsAppOptIn', 'Use true/false, yes/no or 1/0.'],
    ]);
    expect(within(dialog).getByTestId('import-errors-truncated')).toHaveTextContent('Only the first 2 problems are listed');
    // A check saves nothing: the list is not reloaded.
    expect(customersClient.listCustomers).toHaveBeenCalledTimes(1);

    customersClient.importCustomers.mockResolvedValue({ ...checked, dryRun: false });
    await user.click(within(dialog).getByRole('button', { name: 'Import this file now' }));
    await waitFor(() => expect(customersClient.importCustomers).toHaveBeenLastCalledWith(false, { data: file, fileName: 'customers.csv' }));
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenCalledTimes(2));
    expect(within(dialog).getByRole('checkbox', { name: 'Check only (dry run)' })).not.toBeChecked();
  });

  it('imports for real without the dry run, then reloads the customers', async () => {
    const { user, dialog } = await openImport();
    customersClient.importCustomers.mockResolvedValue({ created: 1, updated: 0, unchanged: 0, failed: 0, errors: [], errorsTruncated: false, dryRun: false });

    await user.upload(screen.getByTestId('import-file-input'), csv());
    await user.click(within(dialog).getByRole('checkbox', { name: 'Check only (dry run)' }));
    await user.click(within(dialog).getByRole('button', { name: 'Import' }));

    await waitFor(() => expect(customersClient.importCustomers).toHaveBeenCalledWith(false, expect.objectContaining({ fileName: 'customers.csv' })));
    expect(await within(dialog).findByText('Imported')).toBeInTheDocument();
    expect(within(dialog).queryByRole('table', { name: 'Problems in the file' })).not.toBeInTheDocument();
    await waitFor(() => expect(customersClient.listCustomers).toHaveBeenCalledTimes(2));
  });

  it('asks for a file before uploading, and shows the server’s refusal of one', async () => {
    const { user, dialog } = await openImport();
    await user.click(within(dialog).getByRole('button', { name: 'Check file' }));
    expect(await within(dialog).findByText('Choose a CSV file.')).toBeInTheDocument();
    expect(customersClient.importCustomers).not.toHaveBeenCalled();

    const tooLarge: ProblemDetails = { status: 413, title: 'The file is too large.', detail: 'Import at most 10 MB at a time; split the file.', field: 'file' };
    customersClient.importCustomers.mockRejectedValue(tooLarge);
    await user.upload(screen.getByTestId('import-file-input'), csv());
    await user.click(within(dialog).getByRole('button', { name: 'Check file' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('The file was not imported.');
    expect(alert).toHaveTextContent('Import at most 10 MB at a time; split the file.');
    expect(within(dialog).queryByRole('table', { name: 'Import summary' })).not.toBeInTheDocument();
  });
});
