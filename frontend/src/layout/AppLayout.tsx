import { Link, Outlet, useLocation } from 'react-router';
import { AppShell, Badge, Burger, Button, Group, NavLink, ScrollArea, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBrandWhatsapp,
  IconChartBar,
  IconFileText,
  IconHistory,
  IconInbox,
  IconLogout,
  IconSend,
  IconSettings,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { APP_TITLE } from '../theme';
import { isAdmin, useCurrentUser, useLogout } from '../lib/auth';
import { useInboxUnread } from '../lib/queries/inbox';
import { useLiveUpdates } from '../lib/live';
import { MAIN_CONTENT_ID, SkipLink } from './SkipLink';

interface NavItem {
  to: string;
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Also active for paths below this one. */
  prefix?: string;
  /** A count shown on the item (e.g. unread). */
  badge?: ComponentType;
}

const customerItems: NavItem[] = [
  { to: '/customers', label: 'Customers', icon: IconUsers },
  { to: '/groups', label: 'Groups', icon: IconUsersGroup },
];

/** Unread conversations on the Inbox item. */
function InboxBadge() {
  const { data } = useInboxUnread();
  const count = data?.conversations ?? 0;
  return count > 0 ? (
    <Badge size="sm" circle aria-label={`${count} unread conversations`}>
      {count}
    </Badge>
  ) : null;
}

const whatsappItems: NavItem[] = [
  { to: '/whatsapp/inbox', label: 'Inbox', icon: IconInbox, badge: InboxBadge },
  { to: '/whatsapp/overview', label: 'Overview', icon: IconChartBar },
  { to: '/whatsapp/templates', label: 'Templates', icon: IconFileText },
  { to: '/whatsapp/compose', label: 'Compose', icon: IconSend, prefix: '/whatsapp/broadcasts' },
  { to: '/whatsapp/log', label: 'Sent Log', icon: IconHistory },
];

const adminItems: NavItem[] = [{ to: '/settings/whatsapp', label: 'Settings', icon: IconSettings, prefix: '/settings' }];

function NavSection({ title, items, onNavigate }: { title: string; items: NavItem[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  return (
    <Stack gap={4}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={4}>
        {title}
      </Text>
      {items.map(({ to, label, icon: Icon, prefix, badge: Count }) => {
        const active = pathname === to || pathname.startsWith(`${prefix ?? to}/`) || (prefix !== undefined && pathname === prefix);
        return (
          <NavLink
            key={to}
            component={Link}
            to={to}
            label={label}
            leftSection={<Icon size={18} stroke={1.6} />}
            rightSection={Count ? <Count /> : undefined}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={onNavigate}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        );
      })}
    </Stack>
  );
}

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { data: user } = useCurrentUser();
  const logout = useLogout();
  useLiveUpdates();

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          {/* On a phone the title gives way (cut short), never the sign-out. */}
          <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: 1 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <ThemeIcon size={34} radius="xl" aria-hidden>
              <IconBrandWhatsapp size={22} />
            </ThemeIcon>
            <Title order={1} size="h4" fw={700} miw={0} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {APP_TITLE}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Group gap={6} visibleFrom="xs" wrap="nowrap">
              <IconUserCircle size={20} stroke={1.5} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text component={Link} to="/account" title="My account" size="sm" c="dimmed" data-testid="current-user-email">
                {user?.email}
              </Text>
            </Group>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconLogout size={16} />}
              onClick={() => logout.mutate()}
              loading={logout.isPending}
            >
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap="lg" mt="xs">
            <NavSection title="Billing" items={customerItems} onNavigate={close} />
            <NavSection title="WhatsApp" items={whatsappItems} onNavigate={close} />
            {isAdmin(user) && <NavSection title="Administration" items={adminItems} onNavigate={close} />}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            Signed in as {user?.roles?.join(', ') || 'user'}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      {/* tabIndex -1: the skip link can put the focus here without adding a stop for Tab. */}
      <AppShell.Main bg="var(--mantine-color-gray-0)" id={MAIN_CONTENT_ID} tabIndex={-1} style={{ outline: 'none' }}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
