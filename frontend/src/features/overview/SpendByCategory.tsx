import type { SpendDto } from '../../api/client';
import { loadProblem } from '../../lib/api';
import { NothingYet, OverviewSection, SectionBody } from './OverviewSection';
import { SpendTable } from './SpendTable';

/** What the period's messages cost by pricing category (priced by the provider's report and the rate card). */
export function SpendByCategory({ spend, error }: { spend: SpendDto[] | undefined; error: unknown }) {
  return (
    <OverviewSection title="Spend by category" description="What messages cost, by the rate card in Settings, per pricing category.">
      <SectionBody data={spend} error={error} problem={loadProblem(error, 'Could not load the spend.')}>
        {(data) =>
          data.length === 0 ? (
            <NothingYet>No priced message in this period.</NothingYet>
          ) : (
            <SpendTable
              column="Category"
              label="Spend by category"
              testId="spend-row"
              rows={data.map((s) => ({ key: s.category ?? '', label: s.category, messages: s.messages, amount: s.amount, currency: s.currency }))}
            />
          )
        }
      </SectionBody>
    </OverviewSection>
  );
}
