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

export const providerSummariesKey = [...providersKey, 'summaries'] as const;

/** The configured providers (id, name, type, active): what binding a template needs, readable by Staff too. */
export function useProviderSummaries() {
  return useQuery({
    queryKey: providerSummariesKey,
    queryFn: ({ signal }) => providersClient.listProviderSummaries(signal),
  });
}
