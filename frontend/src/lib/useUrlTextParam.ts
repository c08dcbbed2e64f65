import { useEffect, useState, type ChangeEvent } from 'react';
import { useDebouncedCallback } from '@mantine/hooks';

/**
 * A text input whose value lives in the address (a search param): typing shows at once and is written to the
 * address after a pause (`commit`), so a search does not add one history entry per key. When the address changes by
 * itself (back button, "Clear filters"), the input follows it.
 */
export function useUrlTextParam(urlValue: string, commit: (value: string) => void, delay = 300) {
  const [text, setText] = useState(urlValue);
  const debouncedCommit = useDebouncedCallback(commit, delay);

  // Runs on a new address value only (the debounced callback is stable). Our own commit comes back trimmed: keep the
  // typed text then, so a trailing space is not eaten while the user is still typing.
  useEffect(() => {
    debouncedCommit.cancel();
    setText((current) => (current.trim() === urlValue.trim() ? current : urlValue));
  }, [urlValue]);

  return {
    value: text,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      const next = event.currentTarget.value;
      setText(next);
      debouncedCommit(next);
    },
  };
}
