import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { TemplateDto, TemplateSyncResult } from '../../api/client';
import { templatesClient, toApiError, type ApiError } from '../../lib/api';
import { templatesKey } from '../../lib/queries/templates';

/** What the last sync came to; null while none is shown (or one runs). */
export type SyncOutcome = { ok: true; result: TemplateSyncResult } | { ok: false; error: ApiError } | null;

/** Syncs the templates from the active provider; `onOutcome` hears what came of it. The list reloads either way. */
export function useSyncTemplates(onOutcome: (outcome: SyncOutcome) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => templatesClient.syncTemplates(),
    onMutate: () => onOutcome(null),
    onSuccess: (result) => onOutcome({ ok: true, result }),
    onError: (error) => onOutcome({ ok: false, error: toApiError(error) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });
}

/** Deletes a template (here only, not at the provider) and says how it went. */
export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (template: TemplateDto) => templatesClient.deleteTemplate(template.id!),
    onSuccess: (_, template) => notifications.show({ title: 'Template deleted', message: `${template.name} was deleted.` }),
    onError: (error, template) =>
      notifications.show({ color: 'red', title: `Could not delete ${template.name}`, message: toApiError(error).message }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: templatesKey }),
  });
}
