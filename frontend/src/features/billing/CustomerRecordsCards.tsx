import { Grid } from '@mantine/core';
import type { CustomerDto } from '../../api/client';
import { BillsCard } from './BillsCard';
import { DiagnosticsCard } from './DiagnosticsCard';
import { SubscriptionsCard } from './SubscriptionsCard';
import { TicketsCard } from './TicketsCard';

/** The customer's billing and support records on their profile, one card each, as columns of the profile's grid. */
export function CustomerRecordsCards({ customer }: { customer: CustomerDto }) {
  return (
    <>
      <Grid.Col span={{ base: 12, xl: 6 }}>
        <BillsCard customer={customer} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xl: 6 }}>
        <SubscriptionsCard customer={customer} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xl: 6 }}>
        <TicketsCard customer={customer} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xl: 6 }}>
        <DiagnosticsCard customer={customer} />
      </Grid.Col>
    </>
  );
}
