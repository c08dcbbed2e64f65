import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Accordion, Code, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlayerPause, IconPlayerPlay } from '@tabler/icons-react';
import type { AutomationDto, SpendByDto } from '../../api/client';
import { formatMoney } from '../../lib/format';
import { QueryContent, QueryFailure } from '../../layout/ListContent';
import { StatusBadge } from '../../layout/StatusBadge';
import { AutomationEventsList } from './AutomationEventsList';
import { AutomationForm } from './AutomationForm';
import { SPEND_DAYS, useAutomationSpend, useAutomations } from './automationQueries';
import { useTemplates } from '../../lib/queries/templates';
import { automationsKey } from '../../lib/queries/automations';
import { PausedUsesAlert } from '../../components/PausedUsesAlert';

/** "On" or "Off" in words, with an icon: the state is not told by color alone. */
export function EnabledBadge({ enabled }: { enabled: boolean | undefined }) {
  return enabled ? (
    <StatusBadge label="On" color="whatsapp" variant="filled" icon={IconPlayerPlay} />
  ) : (
    <StatusBadge label="Off" color="gray" icon={IconPlayerPause} />
  );
}

function AutomationControl({ automation, spend }: { automation: AutomationDto; spend: SpendByDto[] }) {
  return (
    <Group justify="space-between" wrap="wrap" gap="xs" pr="sm">
      <Stack gap={0}>
        <Text fw={600}>{automation.label || automation.eventType}</Text>
        <Code fz="xs" w="fit-content">
          {automation.eventType}
        </Code>
      </Stack>
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" c="dimmed" visibleFrom="sm">
          {automation.templateName ?? 'No template'}
        </Text>
        {spend.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="automation-spend" title={`What its messages cost in the last ${SPEND_DAYS} days`}>
            {spend.map((s) => formatMoney(s.amount, s.currency)).join(' + ')} in {SPEND_DAYS} days
          </Text>
        )}
        {automation.pausedReason && <StatusBadge label="Paused" color="orange" icon={IconPlayerPause} />}
        <EnabledBadge enabled={automation.enabled} />
      </Group>
    </Group>
  );
}

/**
 * Settings → Automations: one item per event type (welcome, new bill, payment confirmation, reminders, expiry alerts,
 * tickets, diagnostics), each opening its form; then what the latest events did.
 */
export function AutomationsTab() {
  const queryClient = useQueryClient();
  const automations = useAutomations();
  const spend = useAutomationSpend();
  const templates = useTemplates('', 'APPROVED');
  const [open, setOpen] = useState<string[]>([]);

  const list = automations.data ?? [];
  const titles = Object.fromEntries(list.map((a) => [a.eventType ?? '', a.label ?? a.eventType ?? '']));

  const onSaved = (saved: AutomationDto) => {
    queryClient.setQueryData<AutomationDto[]>(automationsKey, (current) =>
      current?.map((a) => (a.eventType === saved.eventType ? { ...a, ...saved } : a)),
    );
    notifications.show({
      color: 'whatsapp',
      title: `${saved.label} saved`,
      message: saved.enabled ? `${saved.templateName} is sent automatically from now on.` : 'The automation is off: nothing is sent.',
    });
  };

  return (
    <Stack gap="xl">
      <Stack gap="md">
        <Stack gap={2} maw={720}>
          <Title order={3}>Automations</Title>
          <Text size="sm" c="dimmed">
            Messages sent by themselves when something happens: a welcome, a new bill, a payment, reminders before a due date, a
            ticket’s progress. Each uses an approved template whose variables you fill with the event’s fields. Only opted-in
            customers receive them.
          </Text>
        </Stack>

        <PausedUsesAlert kind="automation" />

        <QueryContent
          query={automations}
          items={automations.data}
          what="automations"
          empty="No automations."
          loading={
            <Stack>
              <Skeleton h={56} />
              <Skeleton h={56} />
              <Skeleton h={56} />
            </Stack>
          }
        >
          {(items) => (
            <Accordion multiple variant="separated" value={open} onChange={setOpen} keepMounted={false} order={4}>
              {items.map((automation) => (
                <Accordion.Item key={automation.eventType} value={automation.eventType ?? ''}>
                  <Accordion.Control>
                    <AutomationControl automation={automation} spend={(spend.data ?? []).filter((s) => s.key === automation.eventType)} />
                  </Accordion.Control>
                  <Accordion.Panel>
                    <AutomationForm
                      automation={automation}
                      templates={templates.data ?? []}
                      templatesLoading={templates.isPending}
                      onSaved={onSaved}
                    />
                  </Accordion.Panel>
                </Accordion.Item>
              ))}
            </Accordion>
          )}
        </QueryContent>
        {!!templates.error && <QueryFailure query={templates} what="approved templates" />}
      </Stack>

      <AutomationEventsList titles={titles} />
    </Stack>
  );
}
