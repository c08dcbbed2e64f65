import { useEffect, type ComponentType } from 'react';
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
import { NotFoundPage } from './features/whatsapp/PlaceholderPages';
import { currentUserKey } from './lib/auth';

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

// Each page is its own chunk, loaded when first visited: the first screen downloads the shell and one page, not the
// whole app (the Overview's charts library alone is a large part of it). A page that shows another feature's part (the
// customer profile's billing cards, Settings' Automations tab) gets it here: the app composes features, which never
// import each other.
const page = (load: () => Promise<ComponentType>) => async () => ({ Component: await load() });

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
      { path: 'customers', lazy: page(async () => (await import('./features/customers/CustomersPage')).CustomersPage) },
      {
        path: 'customers/:id',
        lazy: page(async () => {
          const [{ CustomerProfilePage }, { CustomerRecordsCards }] = await Promise.all([
            import('./features/customers/CustomerProfilePage'),
            import('./features/billing/CustomerRecordsCards'),
          ]);
          return function CustomerProfileWithRecords() {
            return <CustomerProfilePage Records={CustomerRecordsCards} />;
          };
        }),
      },
      { path: 'groups', lazy: page(async () => (await import('./features/groups/GroupsPage')).GroupsPage) },
      { path: 'groups/:id', lazy: page(async () => (await import('./features/groups/GroupDetailPage')).GroupDetailPage) },
      { path: 'whatsapp', element: <Navigate to="/whatsapp/overview" replace /> },
      { path: 'whatsapp/inbox', lazy: page(async () => (await import('./features/inbox/InboxPage')).InboxPage) },
      { path: 'whatsapp/overview', lazy: page(async () => (await import('./features/overview/OverviewPage')).OverviewPage) },
      { path: 'whatsapp/templates', lazy: page(async () => (await import('./features/templates/TemplatesPage')).TemplatesPage) },
      { path: 'whatsapp/compose', lazy: page(async () => (await import('./features/compose/ComposePage')).ComposePage) },
      { path: 'whatsapp/broadcasts', element: <Navigate to="/whatsapp/compose" replace /> },
      { path: 'whatsapp/broadcasts/:id', lazy: page(async () => (await import('./features/compose/BroadcastPage')).BroadcastPage) },
      { path: 'whatsapp/log', lazy: page(async () => (await import('./features/sentlog/SentLogPage')).SentLogPage) },
      { path: 'whatsapp/log/customers', lazy: page(async () => (await import('./features/sentlog/AffectedCustomersPage')).AffectedCustomersPage) },
      { path: 'account', lazy: page(async () => (await import('./features/account/MyAccountPage')).MyAccountPage) },
      { path: 'settings', element: <Navigate to="/settings/whatsapp" replace /> },
      {
        path: 'settings/:tab',
        lazy: page(async () => {
          const [{ SettingsPage }, { AutomationsTab }] = await Promise.all([
            import('./features/settings/SettingsPage'),
            import('./features/automations/AutomationsTab'),
          ]);
          return function AdminSettingsPage() {
            return (
              <RequireAdmin>
                <SettingsPage automations={<AutomationsTab />} />
              </RequireAdmin>
            );
          };
        }),
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
