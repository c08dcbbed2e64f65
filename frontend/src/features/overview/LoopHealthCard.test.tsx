import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { Route } from 'react-router';
import { renderAtRoute } from '../../test/renderAtRoute';
import { formatSeconds, LoopHealthCard } from './LoopHealthCard';

describe('LoopHealthCard', () => {
  it('shows the outbox, the reports’ apply lag, the throttle and each provider’s answer times', () => {
    renderAtRoute(
      '/',
      <Route
        path="/"
        element={
          <LoopHealthCard
            error={null}
            loop={{
              outboxDepth: 1200,
              oldestDueAgeSeconds: 2.5,
              windowSeconds: 300,
              callbacksReceived: 9000,
              applyLagP50Seconds: 0.008,
              applyLagP99Seconds: 0.064,
              sent: 3000,
              throttleWaitP99Seconds: 1.024,
              providerLatency: [{ providerType: 'twilio', sends: 3000, p50Seconds: 0.032, p99Seconds: 0.256 }],
            }}
          />
        }
      />,
    );
    const card = within(screen.getByTestId('loop-health'));
    expect(card.getByText(/1,200 queued; the oldest due has waited 2.5 s/)).toBeInTheDocument();
    expect(card.getByText(/9,000 received; applied within 8 ms \(p50\), 64 ms \(p99\)/)).toBeInTheDocument();
    expect(card.getByText(/3,000; throttle wait p99 1.0 s/)).toBeInTheDocument();
    expect(card.getByText(/twilio: 32 ms \(p50\), 256 ms \(p99\) over 3,000 sends/)).toBeInTheDocument();
  });

  it('says so when nothing was measured', () => {
    expect(formatSeconds(null)).toBe('—');
    expect(formatSeconds(Infinity)).toBe('over 9 min');
  });
});
