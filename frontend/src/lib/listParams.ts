/** The page number in the address (`page`), 1 when missing or unreadable. */
export function pageOf(params: URLSearchParams): number {
  const page = Number(params.get('page'));
  return Number.isSafeInteger(page) && page > 1 ? page : 1;
}

/** The address with one parameter changed (blank removes it); any change but the page's starts again at page 1. */
export function withParam(params: URLSearchParams, key: string, value: string | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value.trim() === '') next.delete(key);
  else next.set(key, value.trim());
  if (key !== 'page') next.delete('page');
  return next;
}

/** The address at another page (page 1 is the address without one). */
export function withPage(params: URLSearchParams, page: number): URLSearchParams {
  return withParam(params, 'page', page > 1 ? String(page) : null);
}
