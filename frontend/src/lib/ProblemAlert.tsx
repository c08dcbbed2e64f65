import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { FormProblem } from './apiErrors';

/** The red alert a form shows for a server problem that does not belong to one input. */
export function ProblemAlert({ problem }: { problem: FormProblem | null }) {
  if (!problem) return null;
  return (
    <Alert color="red" icon={<IconAlertCircle />} title={problem.message} role="alert">
      {problem.details.length > 0 && (
        <List size="sm" spacing={2}>
          {problem.details.map((d) => (
            <List.Item key={d}>{d}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
