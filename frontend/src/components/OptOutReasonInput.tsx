import { Autocomplete } from '@mantine/core';
import { OPT_OUT_REASONS } from '../lib/consent';

/** Why staff opt someone out: a preset (a dispute, a request, a reassigned number) or their own words; required. */
export function OptOutReasonInput({ value, onChange, error }: { value: string; onChange: (value: string) => void; error?: string }) {
  return (
    <Autocomplete
      label="Reason"
      placeholder="Choose or type a reason"
      data={[...OPT_OUT_REASONS]}
      value={value}
      onChange={onChange}
      required
      data-autofocus
      error={error}
    />
  );
}
