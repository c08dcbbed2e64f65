// The configured providers: Settings edits them; templates bind to them; the set-up guide and filters list them.
import { useQuery } from '@tanstack/react-query';
import { providersClient } from '../api';

export const providersKey = ['settings', 'whatsapp-providers'] as const;
export const providerSummariesKey = [...providersKey, 'summaries'] as const;

/** The configured providers (id, name, type, active): what binding a template needs, readable by Staff too. */
export function useProviderSummaries() {
  return useQuery({
    queryKey: providerSummariesKey,
    queryFn: ({ signal }) => providersClient.listProviderSummaries(signal),
  });
}
