import { Alert, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconUsers } from '@tabler/icons-react';
import type { BroadcastPreviewDto, CostEstimateDto, MessagingLimitCheckDto, TemplateDto } from '../../api/client';
import { formatMoney } from '../../lib/format';
import type { FormProblem } from '../../lib/apiErrors';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { CountList, SkippedBreakdownList } from './CountList';
import { MessagePreview } from '../../components/messages/MessagePreview';
import { variableLabel } from '../../lib/templates';

export const PREVIEW_HINT = 'Choose the audience and an approved template, and give every variable a value, to see who receives it.';

/** The variables a sample recipient has no value for, by their labels. */
function missingLabels(template: TemplateDto | undefined, missing: string[]): string {
  return missing.map((key) => {
    const variable = template?.variables?.find((v) => v.key === key);
    return variable ? variableLabel(variable) : key;
  }).join(', ');
}

/** What the recipients' messages would cost by the rate card (Settings → Rate card). */
function CostEstimateLine({ estimate }: { estimate: CostEstimateDto }) {
  const totals = (estimate.totals ?? []).map((t) => formatMoney(t.amount, t.currency)).join(' + ');
  return (
    <Text size="sm" data-testid="preview-cost">
      Estimated cost:{' '}
      <Text span inherit fw={600}>
        {totals || '—'}
      </Text>{' '}
      <Text span inherit c="dimmed">
        ({estimate.category}
        {estimate.freeInWindow ? `; ${estimate.freeInWindow.toLocaleString()} free inside an open service window` : ''}
        {estimate.unpriced ? `; ${estimate.unpriced.toLocaleString()} without a price on the rate card` : ''})
      </Text>
    </Text>
  );
}

/**
 * The broadcast held against WhatsApp's messaging limit (unique people reached outside their service window in 24 h):
 * a warning when it would go past what is left today, a plain line when it fits.
 */
function MessagingLimitLine({ check }: { check: MessagingLimitCheckDto }) {
  const usage = check.usage ?? {};
  const fresh = check.newRecipients ?? 0;
  if (usage.limit == null) return null;
  const left = usage.remaining ?? 0;
  const counted = `${fresh.toLocaleString()} of its recipients ${fresh === 1 ? 'is' : 'are'} new within the last 24 hours`;
  if ((check.over ?? 0) > 0) {
    return (
      <Alert color="red" icon={<IconAlertTriangle />} p="xs" data-testid="preview-limit" title="Past today’s messaging limit">
        <Text size="sm">
          {counted}, but only {left.toLocaleString()} of the {usage.limit.toLocaleString()} people a day are left: WhatsApp would refuse{' '}
          {(check.over ?? 0).toLocaleString()} of them. Send to fewer people, or later.
        </Text>
      </Alert>
    );
  }
  return (
    <Text size="sm" c="dimmed" data-testid="preview-limit">
      Messaging limit: {counted}; {left.toLocaleString()} of {usage.limit.toLocaleString()} left today.
    </Text>
  );
}

/**
 * Who would receive the broadcast and who would be skipped, and the message as the sample recipient would see it.
 * `preview` is the last answer (possibly for slightly older inputs while `updating`).
 */
export function PreviewPanel({
  ready,
  template,
  preview,
  updating,
  problem,
  fieldsWrong,
}: {
  /** Enough is chosen to ask for a preview. */
  ready: boolean;
  template: TemplateDto | undefined;
  preview: BroadcastPreviewDto | undefined;
  updating: boolean;
  /** The preview was refused for a reason that belongs to no input. */
  problem: FormProblem | null;
  /** The preview was refused for what some inputs say (shown next to them). */
  fieldsWrong: boolean;
}) {
  if (!ready) {
    return (
      <Text size="sm" c="dimmed">
        {PREVIEW_HINT}
      </Text>
    );
  }
  if (problem) return <ProblemAlert problem={problem} />;
  if (fieldsWrong) {
    return (
      <Text size="sm" c="red.8">
        Correct the highlighted fields to see the preview.
      </Text>
    );
  }
  if (!preview) return <Loader size="sm" role="status" aria-label="Loading the preview" />;

  const counts = preview.counts;
  const sample = preview.sample;
  const missing = sample?.missing ?? [];
  return (
    <Stack gap="sm" aria-busy={updating}>
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Group gap={6} wrap="nowrap">
          <IconUsers size={18} aria-hidden />
          <Text fw={600} data-testid="preview-recipients">
            {`${(counts?.recipients ?? 0).toLocaleString()} ${counts?.recipients === 1 ? 'recipient' : 'recipients'}`}
          </Text>
        </Group>
        {updating && <Loader size="xs" type="dots" role="status" aria-label="Updating the preview" />}
      </Group>
      <div role="status" aria-live="polite">
        <CountList
          aria-label="Audience counts"
          items={[
            { key: 'audience', label: 'In the audience', value: counts?.audience },
            { key: 'recipients', label: 'Will receive it', value: counts?.recipients },
            { key: 'skipped', label: 'Skipped', value: counts?.skipped },
          ]}
        />
      </div>
      {(counts?.skipped ?? 0) > 0 && <SkippedBreakdownList breakdown={counts?.skippedBreakdown} />}
      {preview.estimate && <CostEstimateLine estimate={preview.estimate} />}
      {preview.messagingLimit && <MessagingLimitLine check={preview.messagingLimit} />}

      {sample ? (
        <Stack gap={6}>
          <Text size="sm">
            Sample for{' '}
            <Text span inherit fw={600}>
              {sample.customerName}
            </Text>{' '}
            <Text span inherit c="dimmed">
              ({sample.phone})
            </Text>
          </Text>
          <MessagePreview
            body={template?.body ?? sample.renderedBody ?? ''}
            header={template?.header}
            footer={template?.footer}
            buttons={template?.buttons}
            values={sample.parameters ?? {}}
            label={`Sample message to ${sample.customerName}`}
          />
          {missing.length > 0 && (
            <Alert color="yellow" icon={<IconAlertTriangle />} p="xs" data-testid="sample-missing">
              <Text size="sm">
                {sample.customerName} has no value for {missingLabels(template, missing)}. Customers like them are skipped rather than sent
                a message with a gap.
              </Text>
            </Alert>
          )}
        </Stack>
      ) : (
        <Alert color="yellow" icon={<IconAlertTriangle />} p="xs">
          <Text size="sm">Nobody in this audience can receive the message: see why above.</Text>
        </Alert>
      )}
    </Stack>
  );
}
