import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TemplateStatus } from '../../api/client';
import { providersClient, templatesClient } from '../../lib/api';
import { providersKey } from '../settings/providerQueries';

export const templatesKey = ['whatsapp', 'templates'] as const;

export function useTemplates(q: string, status: TemplateStatus | null) {
  const term = q.trim();
  return useQuery({
    queryKey: [...templatesKey, { q: term, status }],
    queryFn: ({ signal }) => templatesClient.listTemplates(term || null, status, signal),
    // Keep the rows on screen while a new search loads.
    placeholderData: keepPreviousData,
  });
}

/** The configured providers, for admins only (Staff get 403 from this endpoint). */
export function useProvidersForAdmin(isAdmin: boolean) {
  return useQuery({
    queryKey: providersKey,
    queryFn: ({ signal }) => providersClient.listProviders(signal),
    enabled: isAdmin,
  });
}
