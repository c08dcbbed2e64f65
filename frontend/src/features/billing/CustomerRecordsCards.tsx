import { Grid } from '@mantine/core';
import type { CustomerDto } from '../../api/client';
import { BillsCard } from './BillsCard';
import { DiagnosticsCard } from './DiagnosticsCard';
import { SubscriptionsCard } from './SubscriptionsCard';
import { TicketsCard } from './TicketsCard';

const CARDS = [BillsCard, SubscriptionsCard, TicketsCard, DiagnosticsCard];

/**
 * The customer's billing and support records on their profile, one card each, as columns of the profile's grid: side by
 * side on wide screens, else one under the other.
 */
export function CustomerRecordsCards({ customer }: { customer: CustomerDto }) {
  return CARDS.map((Card, i) => (
    <Grid.Col key={i} span={{ base: 12, xl: 6 }}>
      <Card customer={customer} />
    </Grid.Col>
  ));
}
