import { Paper, Skeleton, Switch } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { SecuritySettings } from '../../api/client';
import { authClient, toApiError } from '../../lib/api';
import { currentUserKey } from '../../lib/auth';

const securitySettingsKey = ['settings', 'security'] as const;

function useSecuritySettings() {
  return useQuery({ queryKey: securitySettingsKey, queryFn: ({ signal }) => authClient.getSecuritySettings(signal) });
}

/** Saves the rules; who-am-I is loaded afresh, since this admin may now have to set up two-factor first. */
function useUpdateSecuritySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: SecuritySettings) => authClient.updateSecuritySettings(settings),
    onSuccess: async (saved) => {
      queryClient.setQueryData(securitySettingsKey, saved);
      await queryClient.invalidateQueries({ queryKey: currentUserKey });
    },
    onError: (error) => notifications.show({ color: 'red', title: 'Could not save the setting', message: toApiError(error).message }),
  });
}

/** Settings → Users: whether Admins must sign in with two-factor. */
export function SecuritySettingsCard() {
  const settings = useSecuritySettings();
  const update = useUpdateSecuritySettings();
  return (
    <Paper withBorder p="md" radius="md">
      {settings.data ? (
        <Switch
          label="Require two-factor sign-in for admins"
          description="An admin without it (you too) is sent to My account to set it up before anything else."
          checked={settings.data.requireTwoFactorForAdmins ?? false}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ requireTwoFactorForAdmins: e.currentTarget.checked })}
        />
      ) : settings.error ? (
        <Switch label="Require two-factor sign-in for admins" description={`Could not load: ${toApiError(settings.error).message}`} disabled />
      ) : (
        <Skeleton h={40} />
      )}
    </Paper>
  );
}
