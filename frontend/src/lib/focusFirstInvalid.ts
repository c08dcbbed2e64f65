import { useCallback, useRef } from 'react';

/**
 * After a failed submit, puts the keyboard (and a screen reader) on the first field to fix, so nobody has to hunt
 * for the red text. Waits a frame: the inputs get aria-invalid when React draws the errors just set.
 */
export function focusFirstInvalid(root: ParentNode | null | undefined) {
  requestAnimationFrame(() => {
    // Mantine marks an input with an error aria-invalid, or (some composite inputs) its wrapper data-error.
    const marked = root?.querySelector<HTMLElement>('[aria-invalid="true"], [data-error]');
    const field = marked?.matches('input, textarea, select, button, [tabindex]') ? marked : marked?.querySelector<HTMLElement>('input, textarea, select, button');
    if (!field) return;
    field.focus();
    field.scrollIntoView?.({ block: 'center' });
  });
}

/** A form's ref and the call that focuses its first invalid field; every form's failed submit goes through it. */
export function useFocusFirstInvalid<T extends HTMLElement = HTMLFormElement>() {
  const ref = useRef<T>(null);
  const focus = useCallback(() => focusFirstInvalid(ref.current), []);
  return [ref, focus] as const;
}
