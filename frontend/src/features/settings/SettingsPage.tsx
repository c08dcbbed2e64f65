import type { ReactNode } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { Container, Tabs } from '@mantine/core';
import { IconBolt, IconBrandWhatsapp, IconCoin, IconKey, IconListDetails, IconUsers } from '@tabler/icons-react';
import { PageHeader } from '../../layout/PageHeader';
import { ApiKeysTab } from './ApiKeysTab';
import { AuditLogTab } from './AuditLogTab';
import { RateCardTab } from './RateCardTab';
import { UsersTab } from './UsersTab';
import { WhatsAppProvidersTab } from './WhatsAppProvidersTab';

const TABS = ['whatsapp', 'automations', 'rate-card', 'api-keys', 'users', 'audit-log'] as const;
type Tab = (typeof TABS)[number];

/**
 * Settings, one tab per concern; the tab is part of the address (/settings/whatsapp, /settings/automations, /settings/api-keys, /settings/users).
 * The Automations tab is the automations feature's: the app hands it in (`automations`), as a feature never imports another.
 */
export function SettingsPage({ automations }: { automations: ReactNode }) {
  const { tab } = useParams();
  const navigate = useNavigate();
  if (!TABS.includes(tab as Tab)) return <Navigate to="/settings/whatsapp" replace />;

  return (
    <Container size="xl" px={0}>
      <PageHeader title="Settings" description="Connect your WhatsApp provider accounts, choose what is sent automatically, and manage who and what can use the module." />
      <Tabs value={tab} onChange={(value) => value && void navigate(`/settings/${value}`)} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="whatsapp" leftSection={<IconBrandWhatsapp size={16} />}>
            WhatsApp
          </Tabs.Tab>
          <Tabs.Tab value="automations" leftSection={<IconBolt size={16} />}>
            Automations
          </Tabs.Tab>
          <Tabs.Tab value="rate-card" leftSection={<IconCoin size={16} />}>
            Rate card
          </Tabs.Tab>
          <Tabs.Tab value="api-keys" leftSection={<IconKey size={16} />}>
            API keys
          </Tabs.Tab>
          <Tabs.Tab value="users" leftSection={<IconUsers size={16} />}>
            Users
          </Tabs.Tab>
          <Tabs.Tab value="audit-log" leftSection={<IconListDetails size={16} />}>
            Audit log
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="whatsapp">
          <WhatsAppProvidersTab />
        </Tabs.Panel>
        <Tabs.Panel value="automations">
          {automations}
        </Tabs.Panel>
        <Tabs.Panel value="rate-card">
          <RateCardTab />
        </Tabs.Panel>
        <Tabs.Panel value="api-keys">
          <ApiKeysTab />
        </Tabs.Panel>
        <Tabs.Panel value="users">
          <UsersTab />
        </Tabs.Panel>
        <Tabs.Panel value="audit-log">
          <AuditLogTab />
        </Tabs.Panel>
      </Tabs>
    </Container>
  );
}
