import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { toApiError } from '../../lib/api';
import { isAdmin, useCurrentUser } from '../../lib/auth';

const MY_ACCOUNT = '/account';

/** Renders its children for a signed-in user; sends anyone else to /login, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { data: user, isPending, error, refetch, isFetching } = useCurrentUser();

  if (isPending) {
    return (
      <Center h="100vh">
        <Loader role="status" aria-label="Loading" />
      </Center>
    );
  }
  if (error) {
    return (
      <Center h="100vh" p="md">
        <Stack align="center" maw={420}>
          <Alert color="red" icon={<IconAlertTriangle />} title="Could not load your account">
            {toApiError(error).message}
          </Alert>
          <Button onClick={() => refetch()} loading={isFetching}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search + location.hash }} />;
  }
  // While Admins must have two-factor, the API refuses such an Admin everything else; My account is where it is set up.
  if (user.mustSetUpTwoFactor && location.pathname !== MY_ACCOUNT) return <Navigate to={MY_ACCOUNT} replace />;
  return children;
}

/** Renders its children for admins only. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { data: user } = useCurrentUser();
  if (!isAdmin(user)) {
    return (
      <Alert color="yellow" icon={<IconAlertTriangle />} title="Admins only" maw={560}>
        Settings can only be changed by an administrator. Ask an admin if something needs to change.
      </Alert>
    );
  }
  return children;
}
