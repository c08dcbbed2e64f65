import { describe, expect, it } from 'vitest';
import { SwaggerException } from '../../api/client';
import { loginErrorMessage, requiresTwoFactor } from './LoginPage';

const fail = (status: number, body: unknown) =>
  new SwaggerException('An unexpected server error occurred.', status, typeof body === 'string' ? body : JSON.stringify(body), {}, null);

describe('loginErrorMessage', () => {
  it('says "Wrong email or password" for a plain 401', () => {
    expect(loginErrorMessage(fail(401, { title: 'Unauthorized', status: 401, detail: 'Failed' }))).toBe('Wrong email or password');
    expect(loginErrorMessage(fail(401, ''))).toBe('Wrong email or password');
  });

  it('explains a locked-out account', () => {
    expect(loginErrorMessage(fail(401, { title: 'Unauthorized', status: 401, detail: 'LockedOut' }))).toMatch(/locked/);
  });

  it('shows the rate limiter problem for 429', () => {
    expect(
      loginErrorMessage(fail(429, { title: 'Too many sign-in attempts', status: 429, detail: 'Wait a minute before trying again.' })),
    ).toBe('Too many sign-in attempts. Wait a minute before trying again.');
  });

  it('says the server cannot be reached when fetch fails', () => {
    expect(loginErrorMessage(new TypeError('Failed to fetch'))).toMatch(/could not reach the server/i);
  });
});

describe('requiresTwoFactor', () => {
  it('is true only when the password was right and the account asks for a code', () => {
    expect(requiresTwoFactor(fail(401, { title: 'Unauthorized', status: 401, detail: 'RequiresTwoFactor' }))).toBe(true);
    expect(requiresTwoFactor(fail(401, { title: 'Unauthorized', status: 401, detail: 'Failed' }))).toBe(false);
    expect(requiresTwoFactor(fail(429, { title: 'RequiresTwoFactor', status: 429 }))).toBe(false);
  });

  it('says the code is wrong, not the password, when a code was sent', () => {
    expect(loginErrorMessage(fail(401, { title: 'Unauthorized', status: 401, detail: 'Failed' }), true)).toMatch(/code is not right/);
  });
});
