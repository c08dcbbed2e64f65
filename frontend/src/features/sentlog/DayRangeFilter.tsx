import { useState } from 'react';
import { TextInput } from '@mantine/core';
import { isCompleteDay } from './sentLog';

export type DayRangeChange = (from: string | null, to: string | null) => void;

interface Draft {
  from: string;
  to: string;
}

/**
 * The Sent Log's "From" and "To" days. What is typed stays in the inputs while it is typed (a half-typed year is not
 * written to the address, where it would come back and reset the input); a complete day, or an emptied input, is
 * written with the other end of the range, so the two always apply together.
 */
export function DayRangeFilter({ from, to, onChange }: { from: string | null; to: string | null; onChange: DayRangeChange }) {
  const [draft, setDraft] = useState<Draft>({ from: from ?? '', to: to ?? '' });
  const [shown, setShown] = useState({ from, to });
  // The address changed by itself (Back, "Clear filters"): the inputs follow it.
  if (shown.from !== from || shown.to !== to) {
    setShown({ from, to });
    setDraft({ from: from ?? '', to: to ?? '' });
  }

  const change = (key: keyof Draft, value: string) => {
    const next = { ...draft, [key]: value };
    setDraft(next);
    if (value !== '' && !isCompleteDay(value)) return;
    const day = (text: string) => (isCompleteDay(text) ? text : null);
    onChange(day(next.from), day(next.to));
  };

  const reversed = isCompleteDay(draft.from) && isCompleteDay(draft.to) && draft.to < draft.from;
  return (
    <>
      <TextInput label="From" type="date" value={draft.from} onChange={(e) => change('from', e.currentTarget.value)} />
      <TextInput
        label="To"
        type="date"
        value={draft.to}
        onChange={(e) => change('to', e.currentTarget.value)}
        error={reversed ? 'Ends before “From”: nothing matches.' : undefined}
      />
    </>
  );
}
