import { describe, expect, it, vi } from 'vitest';
import { renderHook } from '@testing-library/react';
import type { HttpValidationProblemDetails } from '../api/client';
import { FIX_FIELDS_TEXT, useServerFormErrors } from './useServerFormErrors';

const refused = (errors: Record<string, string[]>, detail?: string): HttpValidationProblemDetails =>
  ({ title: 'One or more validation errors occurred.', status: 400, detail, errors });

/** Server keys → form paths as the send forms map them: `parameters.1` is the input of variable 1; `to` has no input. */
const mapKey = (key: string) => (key.startsWith('parameters.') ? `variables.${key.slice('parameters.'.length)}` : key === 'to' ? undefined : key);

function setup(previewError: unknown, errors: Record<string, unknown> = {}) {
  const form = { errors, setErrors: vi.fn() };
  const setProblem = vi.fn();
  const focusFirstInvalid = vi.fn();
  const { result } = renderHook(() => useServerFormErrors({ form, previewError, mapKey, setProblem, focusFirstInvalid }));
  return { ...result.current, form, setProblem, focusFirstInvalid };
}

describe('useServerFormErrors', () => {
  it("shows the last send's error on a field before the preview's, and the preview's where the send said nothing", () => {
    const { errorOf } = setup(refused({ 'parameters.1': ['Too long.'], templateId: ['Not approved.'] }), { templateId: 'Choose a template.' });

    expect(errorOf('templateId')).toBe('Choose a template.');
    expect(errorOf('variables.1')).toBe('Too long.');
    expect(errorOf('name')).toBeUndefined();
  });

  it('puts a refused send on its fields with the summary, and focuses the first field to fix', () => {
    const { showErrors, form, setProblem, focusFirstInvalid } = setup(null);

    showErrors(refused({ 'parameters.2': ['Required.'] }));

    expect(form.setErrors).toHaveBeenCalledWith({ 'variables.2': 'Required.' });
    expect(setProblem).toHaveBeenCalledWith({ message: FIX_FIELDS_TEXT, details: [] });
    expect(focusFirstInvalid).toHaveBeenCalledOnce();
  });

  it('says in the problem what no input can carry', () => {
    const { showErrors, setProblem } = setup(null);

    showErrors(refused({ to: ['The customer has not opted in.'] }, 'The message cannot be sent.'));

    expect(setProblem).toHaveBeenCalledWith({ message: 'The message cannot be sent.', details: ['The customer has not opted in.'] });
  });

  it("splits the preview's failure for the preview's own alert", () => {
    const { previewVerdict } = setup(refused({ 'parameters.1': ['Too long.'] }));

    expect(previewVerdict?.formErrors).toEqual({ 'variables.1': 'Too long.' });
    expect(setup(null).previewVerdict).toBeNull();
  });
});
