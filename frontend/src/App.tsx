import { useEffect } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { onUnauthorized, statusOf } from './lib/api';
import { cssVariablesResolver, theme } from './theme';
import { AppLayout } from './layout/AppLayout';
import { LoginPage } from './features/auth/LoginPage';
import { RequireAdmin, RequireAuth } from './features/auth/RequireAuth';
import { currentUserKey } from './features/auth/useCurrentUser';
import { SettingsPage } from './features/settings/SettingsPage';
import { TemplatesPage } from './features/templates/TemplatesPage';
import { CustomerProfilePage } from './features/customers/CustomerProfilePage';
import { CustomersPage } from './features/customers/CustomersPage';
import { GroupDetailPage } from './features/groups/GroupDetailPage';
import { GroupsPage } from './features/groups/GroupsPage';
import { SentLogPage } from './features/sentlog/SentLogPage';
import { BroadcastPage } from './features/compose/BroadcastPage';
import { ComposePage } from './features/compose/ComposePage';
import { NotFoundPage } from './features/whatsapp/PlaceholderPages';

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again; a network blip or a 5xx might.
        retry: (failureCount, error) => {
          const status = statusOf(error);
          return status !== undefined && status >= 400 && status < 500 ? false : failureCount < 2;
        },
        refetchOnWindowFocus: false,
      },
    },
  });
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/whatsapp/overview" replace /> },
      { path: 'customers', element: <CustomersPage /> },
      { path: 'customers/:id', element: <CustomerProfilePage /> },
      { path: 'groups', element: <GroupsPage /> },
      { path: 'groups/:id', element: <GroupDetailPage /> },
      { path: 'whatsapp', element: <Navigate to="/whatsapp/overview" replace /> },
      {
        path: 'whatsapp/overview',
        // The charts library is most of its weight: loaded with the page, not with the app.
        lazy: async () => ({ Component: (await import('./features/overview/OverviewPage')).OverviewPage }),
      },
      { path: 'whatsapp/templates', element: <TemplatesPage /> },
      { path: 'whatsapp/compose', element: <ComposePage /> },
      { path: 'whatsapp/broadcasts', element: <Navigate to="/whatsapp/compose" replace /> },
      { path: 'whatsapp/broadcasts/:id', element: <BroadcastPage /> },
      { path: 'whatsapp/log', element: <SentLogPage /> },
      { path: 'settings', element: <Navigate to="/settings/whatsapp" replace /> },
      {
        path: 'settings/:tab',
        element: (
          <RequireAdmin>
            <SettingsPage />
          </RequireAdmin>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** When any call finds the session gone, reload "who am I": the guard then sends the user to sign in. */
function SessionWatcher() {
  const queryClient = useQueryClient();
  useEffect(() => onUnauthorized(() => void queryClient.invalidateQueries({ queryKey: currentUserKey })), [queryClient]);
  return null;
}

const queryClient = createQueryClient();

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider labels={{ confirm: 'Confirm', cancel: 'Cancel' }}>
          <Notifications position="bottom-right" />
          <SessionWatcher />
          <RouterProvider router={router} />
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
