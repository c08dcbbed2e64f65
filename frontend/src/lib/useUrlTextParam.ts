import { useEffect, useState, type ChangeEvent } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';

/**
 * A text input whose value lives in the address (a search param): typing shows at once and is written to the
 * address after a pause (`commit`), so a search does not add one history entry per key. When the address changes by
 * itself (back button, "Clear filters"), the input follows it.
 */
export function useUrlTextParam(urlValue: string, commit: (value: string) => void, delay = 300) {
  const [text, setText] = useState(urlValue);
  const [shownUrlValue, setShownUrlValue] = useState(urlValue);
  const debouncedCommit = useDebouncedCallback(commit, delay);

  // A new address value replaces the text. Our own commit comes back trimmed: keep the typed text then, so a trailing
  // space is not eaten while the user is still typing.
  if (urlValue !== shownUrlValue) {
    setShownUrlValue(urlValue);
    setText((current) => (current.trim() === urlValue.trim() ? current : urlValue));
  }
  // …and drops a commit still waiting (the debounced callback is stable, so this runs on a new address value only).
  useEffect(() => debouncedCommit.cancel(), [urlValue, debouncedCommit]);
  // …and when the page is left: a result opened within the pause must not be undone by a late write of the address.
  useEffect(() => () => debouncedCommit.cancel(), [debouncedCommit]);

  return {
    value: text,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const next = event.currentTarget.value;
      setText(next);
      debouncedCommit(next);
    },
  };
}
