import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import {
  Anchor,
  Button,
  Container,
  EmptyState,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconFileImport, IconSearch, IconUserPlus, IconUsers } from '@tabler/icons-react';
import type { CustomerDetailDto, CustomerDto } from '../../api/client';
import { customersClient } from '../../lib/api';
import { pageOf, withPage, withParam } from '../../lib/listParams';
import { useUrlTextParam } from '../../lib/useUrlTextParam';
import { ListContent } from '../../layout/ListContent';
import { PagedFooter } from '../../layout/PagedFooter';
import { PageHeader } from '../../layout/PageHeader';
import { customerListKey, CUSTOMERS_PAGE_SIZE, useConsentWording, useCustomers } from './customerQueries';
import { CustomerForm } from './CustomerForm';
import { ImportCustomersModal } from './ImportCustomersModal';
import { customerKey } from '../../lib/queries/customers';
import { OptInBadge } from '../../components/OptInBadge';
import { SendWhatsAppButton } from '../../components/send/SendWhatsAppModal';

export const EMPTY_CUSTOMERS_TEXT = 'No customers yet';

type OptInFilter = 'all' | 'in' | 'out';
const OPT_IN_OPTIONS: { value: OptInFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'in', label: 'Opted in' },
  { value: 'out', label: 'Not opted in' },
];

function optInFilterOf(params: URLSearchParams): OptInFilter {
  const value = params.get('optedIn');
  return value === 'true' ? 'in' : value === 'false' ? 'out' : 'all';
}

function CustomerRow({ customer }: { customer: CustomerDto }) {
  return (
    <Table.Tr aria-label={customer.name}>
      <Table.Td>
        <Anchor component={Link} to={`/customers/${customer.id}`} fw={500} size="sm">
          {customer.name}
        </Anchor>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.phone}</Table.Td>
      <Table.Td>{customer.email}</Table.Td>
      <Table.Td>{customer.accountNumber}</Table.Td>
      <Table.Td>{customer.plan}</Table.Td>
      <Table.Td>
        <OptInBadge optedIn={customer.whatsAppOptIn} />
      </Table.Td>
      <Table.Td>
        <SendWhatsAppButton customer={customer} compact />
      </Table.Td>
    </Table.Tr>
  );
}

function AddCustomer({ anyCustomerId, onClose }: { anyCustomerId: number | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const wording = useConsentWording(anyCustomerId);
  const onSaved = async (saved: CustomerDetailDto) => {
    const id = saved.customer?.id;
    notifications.show({ color: 'whatsapp', title: 'Customer added', message: `${saved.customer?.name} was added.` });
    if (id !== undefined) queryClient.setQueryData(customerKey(id), saved);
    await queryClient.invalidateQueries({ queryKey: customerListKey });
    onClose();
    if (id !== undefined) void navigate(`/customers/${id}`);
  };
  return (
    <CustomerForm
      consentWording={wording}
      save={(payload) => customersClient.createCustomer(payload)}
      onSaved={(saved) => void onSaved(saved)}
      onCancel={onClose}
      submitLabel="Add customer"
    />
  );
}

/** The customers of the billing system: searched and filtered through the address, a page at a time. */
export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const optIn = optInFilterOf(params);
  const page = pageOf(params);
  const customers = useCustomers(q, optIn === 'all' ? null : optIn === 'in', page);
  const search = useUrlTextParam(q, (value) => setParams((current) => withParam(current, 'q', value)));
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const items = customers.data?.items ?? [];
  const total = customers.data?.total ?? 0;
  const pageSize = customers.data?.pageSize ?? CUSTOMERS_PAGE_SIZE;
  const filtered = q.trim() !== '' || optIn !== 'all';

  const addButton = (variant: 'filled' | 'light') => (
    <Button variant={variant} leftSection={<IconUserPlus size={16} />} onClick={() => setAdding(true)}>
      Add customer
    </Button>
  );
  const importButton = (variant: 'default' | 'light') => (
    <Button variant={variant} leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
      Import CSV
    </Button>
  );

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title="Customers"
        description="The customers of your billing system, with their WhatsApp consent. Open one to edit their details, opt them in or out and see the messages they were sent."
        actions={
          <Group gap="sm">
            {importButton('default')}
            {addButton('filled')}
          </Group>
        }
      />

      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Filter customers">
          <TextInput
            label="Search"
            placeholder="Name, phone, email or account number"
            type="search"
            leftSection={<IconSearch size={16} />}
            rightSection={customers.isFetching && !customers.isPending ? <Loader size="xs" role="status" aria-label="Searching" /> : null}
            style={{ flex: '1 1 280px' }}
            maw={460}
            {...search}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="opt-in-filter-label">
              WhatsApp opt-in
            </Text>
            <SegmentedControl
              aria-labelledby="opt-in-filter-label"
              data={OPT_IN_OPTIONS}
              value={optIn}
              onChange={(value) =>
                setParams((current) => withParam(current, 'optedIn', value === 'in' ? 'true' : value === 'out' ? 'false' : null))
              }
            />
          </Stack>
        </Group>

        <ListContent
          query={customers}
          what="customers"
          count={items.length}
          filtered={filtered}
          noMatch={{ title: 'No customer matches', description: 'Try another search or opt-in filter.', onClear: () => setParams(new URLSearchParams()) }}
          empty={
            <EmptyState
              variant="light"
              icon={<IconUsers />}
              title={EMPTY_CUSTOMERS_TEXT}
              description="Add your customers, or import them from a CSV file, to send them WhatsApp messages about their bills, payments and outages."
            >
              <EmptyState.Actions>
                {addButton('light')}
                {importButton('light')}
              </EmptyState.Actions>
            </EmptyState>
          }
        >
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" horizontalSpacing="sm" highlightOnHover aria-label="Customers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Plan</Table.Th>
                  <Table.Th w={140}>WhatsApp</Table.Th>
                  <Table.Th w={160}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((customer) => (
                  <CustomerRow key={customer.id} customer={customer} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </ListContent>

        <PagedFooter
          page={page}
          pageSize={pageSize}
          shown={items.length}
          total={total}
          noun={['customer', 'customers']}
          onPage={(value) => setParams((current) => withPage(current, value))}
        />
      </Stack>

      <Modal
        opened={adding}
        onClose={() => setAdding(false)}
        title="Add customer"
        size="lg"
        closeOnClickOutside={false}
      >
        {adding && <AddCustomer anyCustomerId={items[0]?.id ?? null} onClose={() => setAdding(false)} />}
      </Modal>
      <ImportCustomersModal opened={importing} onClose={() => setImporting(false)} />
    </Container>
  );
}
