import { describe, expect, it } from 'vitest';
import { SwaggerException, type HttpValidationProblemDetails } from '../api/client';
import { loadProblem, splitFieldErrors, statusOf, toApiError } from './apiErrors';

function swagger(status: number, response: string) {
  return new SwaggerException('An unexpected server error occurred.', status, response, {}, null);
}

describe('toApiError', () => {
  it('turns a typed validation problem into a field → messages map', () => {
    const problem: HttpValidationProblemDetails = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: {
        name: ['A name is required.'],
        'credentials.authToken': ['Auth Token is required.'],
        'settings.baseUrl': ['The base URL must be an absolute http(s) URL without query, e.g. https://eu.api.example.com.'],
      },
    };

    const error = toApiError(problem);

    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({
      name: ['A name is required.'],
      'credentials.authToken': ['Auth Token is required.'],
      'settings.baseUrl': ['The base URL must be an absolute http(s) URL without query, e.g. https://eu.api.example.com.'],
    });
    // The generic ASP.NET title is not a message a person can act on.
    expect(error.message).toBe('Please correct the highlighted fields.');
  });

  it('uses the detail of a 409 and files it under the field it names', () => {
    const error = toApiError({ title: 'Conflict', status: 409, detail: "A provider named 'Main' already exists.", field: 'name' });

    expect(error.message).toBe("A provider named 'Main' already exists.");
    expect(error.fieldErrors).toEqual({ name: ["A provider named 'Main' already exists."] });
    expect(error.status).toBe(409);
  });

  it('keeps a 409 without a field out of the field map', () => {
    const error = toApiError({
      title: 'Conflict',
      status: 409,
      detail: 'This is the active provider. Make another provider active before deleting it.',
    });

    expect(error.fieldErrors).toEqual({});
    expect(error.message).toBe('This is the active provider. Make another provider active before deleting it.');
  });

  it('reads the problem+json text a SwaggerException carries (429 from the rate limiter)', () => {
    const error = toApiError(
      swagger(429, JSON.stringify({ title: 'Too many sign-in attempts', status: 429, detail: 'Wait a minute before trying again.' })),
    );

    expect(error.status).toBe(429);
    expect(error.title).toBe('Too many sign-in attempts');
    expect(error.message).toBe('Too many sign-in attempts. Wait a minute before trying again.');
  });

  it('falls back to a message for the status when the response is not a problem', () => {
    expect(toApiError(swagger(500, '<html>boom</html>'))).toEqual({
      message: 'The server ran into a problem. Try again in a moment.',
      fieldErrors: {},
      status: 500,
    });
    expect(toApiError(swagger(403, '')).message).toBe('You do not have permission to do this.');
    expect(toApiError(swagger(401, '')).status).toBe(401);
  });

  it('reports a network failure (fetch rejects with a TypeError) as status 0', () => {
    const error = toApiError(new TypeError('Failed to fetch'));
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not reach the server/i);
  });

  it('drops empty and non-string messages', () => {
    const error = toApiError({ status: 400, errors: { name: ['', 'Too long.'], other: [], weird: [42] } });
    expect(error.fieldErrors).toEqual({ name: ['Too long.'] });
  });

  it('passes the message of any other Error through', () => {
    expect(toApiError(new Error('The parameter id must be defined.')).message).toBe('The parameter id must be defined.');
    expect(statusOf(new Error('x'))).toBeUndefined();
  });
});

describe('splitFieldErrors', () => {
  it('maps known keys onto form paths and leaves the rest for the alert', () => {
    const { formErrors, otherErrors } = splitFieldErrors(
      {
        'credentials.authToken': ['Auth Token is required.'],
        'credentials.accountSid': ['An Account SID is too short.', 'It must start with AC.'],
        credentials: ['The stored credentials can no longer be decrypted: enter every secret again.'],
      },
      (key) => (key.startsWith('credentials.') ? key.replace('credentials.', 'creds/') : undefined),
    );

    expect(formErrors).toEqual({
      'creds/authToken': 'Auth Token is required.',
      'creds/accountSid': 'An Account SID is too short. It must start with AC.',
    });
    expect(otherErrors).toEqual(['The stored credentials can no longer be decrypted: enter every secret again.']);
  });
});

describe('loadProblem', () => {
  it('says what could not be loaded, then the server’s messages about the parameters', () => {
    const problem = loadProblem({ title: 'One or more validation errors occurred.', status: 400, errors: { cursor: ['The cursor is not valid.'] } }, 'Could not load the Sent Log.');
    expect(problem).toEqual({ message: 'Could not load the Sent Log.', details: ['The cursor is not valid.'] });
  });

  it('falls back to the sentence for the failure', () => {
    expect(loadProblem(swagger(503, ''), 'Could not load the customers.').details).toEqual(['The server ran into a problem. Try again in a moment.']);
  });
});
