import { Container } from '@mantine/core';
import { PageHeader } from '../../layout/PageHeader';

export function NotFoundPage() {
  return (
    <Container size="lg" px={0}>
      <PageHeader title="Page not found" description="This address does not match any page. Use the menu to find your way." />
    </Container>
  );
}
