// Templates, read by the Templates page and by every page that picks one to send.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TemplateStatus } from '../../api/client';
import { templatesClient } from '../api';

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

/** Automations and broadcasts paused because their template was paused, disabled, rejected or re-categorised. */
export function usePausedTemplateUses() {
  return useQuery({
    queryKey: [...templatesKey, 'paused-uses'],
    queryFn: ({ signal }) => templatesClient.listPausedTemplateUses(signal),
    refetchInterval: 30_000,
  });
}
