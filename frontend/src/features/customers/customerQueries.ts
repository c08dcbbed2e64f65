import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { CustomerDetailDto } from '../../api/client';
import { customersClient } from '../../lib/api';
import { customerKey, customersKey } from '../../lib/queries/customers';

export const customerListKey = [...customersKey, 'list'] as const;

export const CUSTOMERS_PAGE_SIZE = 25;

/**
 * The opt-in wording shown beside the WhatsApp checkbox. The server's (`consentWording` of a customer's detail) is the
 * one recorded with the consent and wins whenever one is at hand; this copy of it serves the "Add customer" form when
 * no customer has been loaded yet. Keep it equal to the backend's ConsentService.OptInWording.
 */
export const CONSENT_WORDING =
  'I agree to receive WhatsApp messages from my internet provider about my account, bills, payments and support tickets. Reply STOP to unsubscribe at any time.';

export function useCustomers(q: string, optedIn: boolean | null, page: number, pageSize = CUSTOMERS_PAGE_SIZE) {
  const term = q.trim();
  return useQuery({
    queryKey: [...customerListKey, { q: term, optedIn, page, pageSize }],
    queryFn: ({ signal }) => customersClient.listCustomers(term || null, optedIn, page, pageSize, null, signal),
    placeholderData: keepPreviousData,
  });
}

/** The wording of any customer detail already loaded, if there is one. */
function cachedWording(queryClient: QueryClient): string | undefined {
  return queryClient
    .getQueriesData<CustomerDetailDto>({ queryKey: [...customersKey, 'detail'] })
    .map(([, data]) => data?.consentWording)
    .find((w): w is string => !!w);
}

/**
 * The consent wording to show: the server's when a customer detail is loaded (or can be, from `anyCustomerId`),
 * else {@link CONSENT_WORDING}.
 */
export function useConsentWording(anyCustomerId: number | null): string {
  const queryClient = useQueryClient();
  const cached = cachedWording(queryClient);
  const sample = useQuery({
    queryKey: customerKey(anyCustomerId ?? 0),
    queryFn: ({ signal }) => customersClient.getCustomer(anyCustomerId!, signal),
    enabled: cached === undefined && anyCustomerId !== null,
    staleTime: Infinity,
  });
  return cached ?? sample.data?.consentWording ?? CONSENT_WORDING;
}
