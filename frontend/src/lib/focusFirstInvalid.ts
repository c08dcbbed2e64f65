import { useCallback, useRef } from 'react';

/**
 * After a failed submit, puts the keyboard (and a screen reader) on the first field to fix, so nobody has to hunt
 * for the red text. Waits a frame: the inputs get aria-invalid when React draws the errors just set.
 */
export function focusFirstInvalid(root: ParentNode | null | undefined) {
  requestAnimationFrame(() => {
    const field = root?.querySelector<HTMLElement>('[aria-invalid="true"]');
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
