import { SwaggerException, type HttpValidationProblemDetails, type ProblemDetails } from '../api/client';

/** What a screen needs from a failed API call: one sentence for an alert, and messages per field for the inputs. */
export interface ApiError {
  /** A sentence a person can act on. */
  message: string;
  /** Server field names ("name", "credentials.authToken", "settings.baseUrl") → their messages. */
  fieldErrors: Record<string, string[]>;
  /** HTTP status, 0 when the server could not be reached, undefined when unknown. */
  status?: number;
  /** The problem's title, when the server sent one. */
  title?: string;
}

const VALIDATION_TITLE = 'One or more validation errors occurred.';

/** Titles that only repeat the status code; a specific title ("Too many sign-in attempts") is worth showing. */
const GENERIC_TITLES = new Set(
  [
    VALIDATION_TITLE, 'Bad Request', 'Unauthorized', 'Forbidden', 'Not Found', 'Conflict', 'Unprocessable Entity',
    'Too Many Requests', 'Internal Server Error', 'An error occurred while processing your request.',
    'The request could not be read.',
  ].map((t) => t.toLowerCase()),
);

function sentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A problem details object as the generated client throws it for declared 400/409 answers. */
export function isProblemDetails(value: unknown): value is HttpValidationProblemDetails {
  if (!isRecord(value) || value instanceof Error || SwaggerException.isSwaggerException(value)) return false;
  return 'title' in value || 'detail' in value || 'errors' in value || ('status' in value && typeof value.status === 'number');
}

function parseProblem(text: string): ProblemDetails | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isProblemDetails(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function fieldErrorsOf(problem: ProblemDetails): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const errors: unknown = problem.errors;
  if (isRecord(errors)) {
    for (const [key, messages] of Object.entries(errors)) {
      const list = (Array.isArray(messages) ? messages : [messages]).filter((m): m is string => typeof m === 'string' && m.length > 0);
      if (list.length > 0) result[key] = list;
    }
  }
  // A conflict may name the field it is about: { detail: "A provider named 'x' already exists.", field: "name" }.
  if (typeof problem.field === 'string' && problem.field && typeof problem.detail === 'string' && problem.detail) {
    result[problem.field] = [...(result[problem.field] ?? []), problem.detail];
  }
  return result;
}

function messageForStatus(status: number | undefined): string {
  switch (status) {
    case 0: return 'Could not reach the server. Check your connection and try again.';
    case 400: return 'The request was not accepted. Check the form and try again.';
    case 401: return 'Your session has ended. Sign in again.';
    case 403: return 'You do not have permission to do this.';
    case 404: return 'It no longer exists: it may have been deleted by someone else.';
    case 409: return 'This conflicts with the current state. Refresh and try again.';
    case 429: return 'Too many requests. Wait a minute before trying again.';
    default:
      return status !== undefined && status >= 500
        ? 'The server ran into a problem. Try again in a moment.'
        : 'Something went wrong. Try again.';
  }
}

function fromProblem(problem: ProblemDetails, status: number | undefined): ApiError {
  const fieldErrors = fieldErrorsOf(problem);
  const title = typeof problem.title === 'string' && problem.title ? problem.title : undefined;
  const detail = typeof problem.detail === 'string' && problem.detail ? problem.detail : undefined;
  const effectiveStatus = typeof problem.status === 'number' ? problem.status : status;
  let message: string;
  const specificTitle = title && !GENERIC_TITLES.has(title.toLowerCase()) ? title : undefined;
  if (detail && specificTitle && !detail.startsWith(specificTitle)) {
    message = `${sentence(specificTitle)} ${detail}`;
  } else if (detail) {
    message = detail;
  } else if (Object.keys(fieldErrors).length > 0) {
    message = 'Please correct the highlighted fields.';
  } else if (specificTitle) {
    message = specificTitle;
  } else {
    message = messageForStatus(effectiveStatus);
  }
  return { message, fieldErrors, status: effectiveStatus, title };
}

/**
 * Turns anything the generated client (or fetch) throws into an {@link ApiError}:
 * a typed problem object (declared 400/409 answers), a SwaggerException carrying the raw response
 * (undeclared statuses, possibly with problem+json text), a network failure, or any other error.
 */
export function toApiError(error: unknown): ApiError {
  if (isRecord(error) && SwaggerException.isSwaggerException(error)) {
    const problem = parseProblem(error.response);
    return problem ? fromProblem(problem, error.status) : { message: messageForStatus(error.status), fieldErrors: {}, status: error.status };
  }
  if (isProblemDetails(error)) return fromProblem(error, undefined);
  if (error instanceof TypeError) return { message: messageForStatus(0), fieldErrors: {}, status: 0 };
  if (error instanceof DOMException && error.name === 'AbortError') return { message: 'The request was cancelled.', fieldErrors: {} };
  if (error instanceof Error && error.message) return { message: error.message, fieldErrors: {} };
  return { message: messageForStatus(undefined), fieldErrors: {} };
}

/** The HTTP status of a failed call, if it has one. */
export function statusOf(error: unknown): number | undefined {
  return toApiError(error).status;
}

/**
 * Splits field errors into the ones a form can show next to an input (renamed through `mapKey`,
 * messages joined into one string) and the rest, which belong in a general alert.
 */
export function splitFieldErrors(
  fieldErrors: Record<string, string[]>,
  mapKey: (serverKey: string) => string | undefined,
): { formErrors: Record<string, string>; otherErrors: string[] } {
  const formErrors: Record<string, string> = {};
  const otherErrors: string[] = [];
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const formKey = mapKey(key);
    if (formKey === undefined) otherErrors.push(...messages);
    else formErrors[formKey] = formErrors[formKey] ? `${formErrors[formKey]} ${messages.join(' ')}` : messages.join(' ');
  }
  return { formErrors, otherErrors };
}

/** A problem for a form's alert: one sentence, and messages that belong to no input. */
export interface FormProblem {
  message: string;
  details: string[];
}

/**
 * What a form does with a failed submit: field messages for its inputs (through `mapKey`), and the problem for its
 * alert. When every message found its input, the alert shows `summaryWhenOnlyFields`, or nothing if that is omitted.
 * Details that the alert's title already says are left out.
 */
export function formErrorsFor(
  error: unknown,
  mapKey: (serverKey: string) => string | undefined,
  summaryWhenOnlyFields?: string,
): { formErrors: Record<string, string>; problem: FormProblem | null } {
  const apiError = toApiError(error);
  const { formErrors, otherErrors } = splitFieldErrors(apiError.fieldErrors, mapKey);
  const onlyFieldErrors = otherErrors.length === 0 && Object.keys(formErrors).length > 0;
  if (onlyFieldErrors) return { formErrors, problem: summaryWhenOnlyFields ? { message: summaryWhenOnlyFields, details: [] } : null };
  const details = otherErrors.filter((m) => m !== apiError.message && !apiError.message.includes(m));
  return { formErrors, problem: { message: apiError.message, details } };
}

/**
 * A failed load (a list, a page) for {@link ProblemAlert}: `what` could not be loaded, then why — the server's
 * messages about the request's parameters, or else the one sentence for the failure.
 */
export function loadProblem(error: unknown, what: string): FormProblem {
  const apiError = toApiError(error);
  const fieldMessages = Object.values(apiError.fieldErrors).flat();
  return { message: what, details: fieldMessages.length > 0 ? fieldMessages : [apiError.message] };
}
