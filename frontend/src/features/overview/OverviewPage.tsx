import { useSearchParams } from 'react-router';
import { Container, Grid, SegmentedControl, SimpleGrid, Stack } from '@mantine/core';
import { PageHeader } from '../../layout/PageHeader';
import { ConsentOverview } from './ConsentOverview';
import { DeliveryRates } from './DeliveryRates';
import { FailureReasons } from './FailureReasons';
import { NeedsAttention } from './NeedsAttention';
import { attentionItems } from './attention';
import { MessagesPerDay } from './MessagesPerDay';
import { DAY_OPTIONS, DEFAULT_DAYS, parseDays } from './overview';
import { ActiveBroadcastsCard, TodayCard } from './OverviewCards';
import { MessagingTierCard, ProviderHealthCard } from './ProviderHealthCards';
import { LoopHealthCard } from './LoopHealthCard';
import { useActiveBroadcasts, useConsentStats, useDailyStats, useFailureStats, useLoopHealth, useProviderHealth, useProviderStats, useSpendStats, useTemplateStats } from './overviewQueries';
import { SpendByCategory } from './SpendByCategory';
import { SpendBreakdown } from './SpendBreakdown';
import { SetupGuide } from '../../components/setup/SetupGuide';
import { PausedUsesAlert } from '../../components/PausedUsesAlert';

/**
 * The WhatsApp section's first page: what is left to set up (first run), the active provider's health, its last 24 h
 * against its messaging tier, today's messages and running broadcasts, then the chosen
 * period's (7, 30 or 90 days, kept in the address) messages per day, delivery by template and provider, failures by
 * reason and consent.
 */
export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const days = parseDays(params);
  const daily = useDailyStats(days);
  const templates = useTemplateStats(days);
  const providerRates = useProviderStats(days);
  const failures = useFailureStats(days);
  const consent = useConsentStats(days);
  const spend = useSpendStats(days);
  const health = useProviderHealth();
  const loop = useLoopHealth();
  const broadcasts = useActiveBroadcasts();

  const setDays = (value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (Number(value) === DEFAULT_DAYS) next.delete('days');
        else next.set('days', value);
        return next;
      },
      { replace: true },
    );

  return (
    <Container size="xl" px={0}>
      <PageHeader
        title="Overview"
        description="How WhatsApp messages are doing: what went out, what arrived and was read, what failed and why, and who agreed to receive them."
        actions={
          <SegmentedControl
            aria-label="Period"
            value={String(days)}
            onChange={setDays}
            data={DAY_OPTIONS.map((d) => ({ value: String(d), label: `${d} days` }))}
          />
        }
      />
      <Stack gap="lg">
        <SetupGuide description="Nothing can be sent yet. Two steps get the first message out:" />
        <PausedUsesAlert />
        <NeedsAttention
          items={attentionItems({
            days,
            daily: daily.data,
            failures: failures.data,
            consent: consent.data,
            health: health.data,
            broadcasts: broadcasts.items,
          })}
        />
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <ProviderHealthCard health={health.data} failures={failures.data} error={health.error} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <MessagingTierCard health={health.data} error={health.error} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
            <TodayCard daily={daily.data} error={daily.error} />
          </Grid.Col>
        </Grid>
        <LoopHealthCard loop={loop.data} error={loop.error} />
        <ActiveBroadcastsCard items={broadcasts.items} isPending={broadcasts.isPending} error={broadcasts.error} />
        <MessagesPerDay days={days} daily={daily.data} error={daily.error} />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <DeliveryRates what="Template" rows={templates.data} error={templates.error} />
          <DeliveryRates what="Provider" rows={providerRates.data} error={providerRates.error} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <FailureReasons days={days} failures={failures.data} error={failures.error} />
          <ConsentOverview stats={consent.data} error={consent.error} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <SpendByCategory spend={spend.data} error={spend.error} />
          <SpendBreakdown days={days} />
        </SimpleGrid>
      </Stack>
    </Container>
  );
}
