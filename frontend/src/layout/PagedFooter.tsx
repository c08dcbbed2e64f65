import { Group, Pagination, Text } from '@mantine/core';

const CONTROL_LABELS = {
  first: { 'aria-label': 'First page' },
  previous: { 'aria-label': 'Previous page' },
  next: { 'aria-label': 'Next page' },
  last: { 'aria-label': 'Last page' },
} as const;

/** Under a paged list: "26–50 of 60 customers", and the pages when there is more than one. Nothing when the list is empty. */
export function PagedFooter({
  page,
  pageSize,
  shown,
  total,
  noun,
  onPage,
}: {
  page: number;
  pageSize: number;
  /** How many rows this page shows. */
  shown: number;
  total: number;
  /** What is counted: [one, many], e.g. ['customer', 'customers']. */
  noun: [string, string];
  onPage: (page: number) => void;
}) {
  if (total <= 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = (page - 1) * pageSize + 1;
  return (
    <Group justify="space-between" wrap="wrap">
      <Text size="sm" c="dimmed" role="status">
        {first}–{Math.min(first + shown - 1, total)} of {total} {total === 1 ? noun[0] : noun[1]}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={onPage}
          aria-label="Pages"
          getItemProps={(p) => ({ 'aria-label': `Page ${p}` })}
          getControlProps={(control) => CONTROL_LABELS[control]}
        />
      )}
    </Group>
  );
}
