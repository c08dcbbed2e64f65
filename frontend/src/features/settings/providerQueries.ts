import { useQuery } from '@tanstack/react-query';
import { providersClient } from '../../lib/api';
import { providersKey } from '../../lib/queries/providers';
import { normalizeProviderTypes } from './providerPayload';

export const providerTypesKey = ['settings', 'whatsapp-provider-types'] as const;

export function useProviders() {
  return useQuery({ queryKey: providersKey, queryFn: ({ signal }) => providersClient.listProviders(signal) });
}

export function useProviderTypes() {
  return useQuery({
    queryKey: providerTypesKey,
    queryFn: async ({ signal }) => normalizeProviderTypes(await providersClient.listProviderTypes(signal)),
    // The drivers are compiled into the backend: they change only with a deployment.
    staleTime: 60 * 60_000,
  });
}
