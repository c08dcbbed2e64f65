import { formErrorsFor, type FormProblem } from './apiErrors';

/** The summary over a send the server refused only for its fields: the fields say what is wrong. */
export const FIX_FIELDS_TEXT = 'Correct the highlighted fields, then send again.';

interface ServerFormErrorsOptions {
  /** The form's own errors (a Mantine form's `errors` / `setErrors`): where a refused send's field errors go. */
  form: { errors: Record<string, unknown>; setErrors: (errors: Record<string, string>) => void };
  /** The live preview's failure, or null while there is none (or nothing to preview). */
  previewError: unknown;
  /** A server field name → the form's path for it, or undefined when the form has no such input. */
  mapKey: (serverKey: string) => string | undefined;
  /** Shows what no input can carry (or the summary). */
  setProblem: (problem: FormProblem | null) => void;
  /** Puts the keyboard on the first field to fix. */
  focusFirstInvalid: () => void;
}

/**
 * What the server said about a send form's inputs: `errorOf(path)` gives the last send's error first, then the live
 * preview's (so a field the preview refuses is red before anyone presses Send); `showErrors(error)` puts a refused
 * send's errors on the fields and the rest in the problem, and focuses the first field to fix. `previewVerdict` is the
 * preview's failure split the same way (its problem is for the preview's own alert).
 */
export function useServerFormErrors({ form, previewError, mapKey, setProblem, focusFirstInvalid }: ServerFormErrorsOptions) {
  const previewVerdict = previewError ? formErrorsFor(previewError, mapKey) : null;

  const errorOf = (path: string): string | undefined => {
    const error = form.errors[path] ?? previewVerdict?.formErrors[path];
    return error ? String(error) : undefined;
  };

  const showErrors = (error: unknown) => {
    const { formErrors, problem } = formErrorsFor(error, mapKey, FIX_FIELDS_TEXT);
    form.setErrors(formErrors);
    setProblem(problem);
    focusFirstInvalid();
  };

  return { errorOf, showErrors, previewVerdict };
}
