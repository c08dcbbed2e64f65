import type { ReactNode } from 'react';
import { Container, EmptyState, Paper } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { PageHeader } from '../../layout/PageHeader';

function ComingSoon({ title, description, icon, body }: { title: string; description: string; icon: ReactNode; body: string }) {
  return (
    <Container size="lg" px={0}>
      <PageHeader title={title} description={description} />
      <Paper withBorder radius="md" p="xl">
        <EmptyState variant="light" icon={icon} title="Coming soon" description={body} />
      </Paper>
    </Container>
  );
}

export function ComposePage() {
  return (
    <ComingSoon
      title="Compose"
      description="Send a WhatsApp message to one customer or a group of customers."
      icon={<IconSend />}
      body="Pick a template, choose recipients from the billing customers, fill in the placeholders and send through the active provider. This page arrives with the compose feature."
    />
  );
}

export function NotFoundPage() {
  return (
    <Container size="lg" px={0}>
      <PageHeader title="Page not found" description="This address does not match any page. Use the menu to find your way." />
    </Container>
  );
}
