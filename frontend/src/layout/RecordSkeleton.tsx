import { Container, Grid, Skeleton, Stack } from '@mantine/core';

/** A record's page while it loads: the shape of its header and first cards, announced as loading (`label`). */
export function RecordSkeleton({ label }: { label: string }) {
  return (
    <Container size="xl" px={0} role="status" aria-label={label} aria-busy>
      <Stack gap={8} mb="lg">
        <Skeleton h={30} w={280} maw="100%" />
        <Skeleton h={14} w={180} maw="100%" />
      </Stack>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Skeleton h={180} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Skeleton h={180} />
        </Grid.Col>
      </Grid>
    </Container>
  );
}
