import type { ReactNode } from 'react';
import { DataList, Text } from '@mantine/core';
import type { LoopHealthDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { OverviewSection, SectionBody } from './OverviewSection';

/** "40 ms", "1.3 s", "—" when nothing was measured. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (!Number.isFinite(seconds)) return 'over 9 min';
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(1)} s`;
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/**
 * The sending loop on the instance that answered: what waits in the outbox, how fast delivery reports are applied, how
 * long sends wait for the throttle and for the provider. The same numbers /metrics exports (one source).
 */
export function LoopHealthCard({ loop, error }: { loop: LoopHealthDto | undefined; error: unknown }) {
  return (
    <OverviewSection title="Sending loop" description="This server, the last minutes; the same numbers as its metrics.">
      <SectionBody data={loop} error={error} problem={loadProblem(error, 'Could not load the sending loop’s health.')} skeletonHeight={120}>
        {(data) => {
          const minutes = Math.round((data.windowSeconds ?? 300) / 60);
          return (
            <DataList data-testid="loop-health">
              <Item label="Outbox">
                {(data.outboxDepth ?? 0).toLocaleString()} queued
                {(data.oldestDueAgeSeconds ?? 0) > 0 && `; the oldest due has waited ${formatSeconds(data.oldestDueAgeSeconds)}`}
              </Item>
              <Item label={`Delivery reports (${minutes} min)`}>
                {(data.callbacksReceived ?? 0).toLocaleString()} received; applied within {formatSeconds(data.applyLagP50Seconds)} (p50),{' '}
                {formatSeconds(data.applyLagP99Seconds)} (p99)
              </Item>
              <Item label={`Sent (${minutes} min)`}>
                {(data.sent ?? 0).toLocaleString()}; throttle wait p99 {formatSeconds(data.throttleWaitP99Seconds)}
              </Item>
              <Item label="Provider answers">
                {(data.providerLatency ?? []).length === 0 ? (
                  <Text size="sm">No sends yet</Text>
                ) : (
                  (data.providerLatency ?? []).map((p) => (
                    <Text size="sm" key={p.providerType}>
                      {p.providerType}: {formatSeconds(p.p50Seconds)} (p50), {formatSeconds(p.p99Seconds)} (p99) over{' '}
                      {(p.sends ?? 0).toLocaleString()} sends
                    </Text>
                  ))
                )}
              </Item>
            </DataList>
          );
        }}
      </SectionBody>
    </OverviewSection>
  );
}
