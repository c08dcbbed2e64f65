import { useState, type ComponentProps } from 'react';
import { Alert, Anchor, Button, Checkbox, Code, FileInput, Group, List, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileTypeCsv, IconUpload } from '@tabler/icons-react';
import type { CustomerImportResult } from '../../api/client';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES, importProblem, SAMPLE_CSV_URL } from './customerImport';
import { useImportCustomers } from './customerQueries';

const COUNTS: { key: 'created' | 'updated' | 'unchanged' | 'failed'; label: string }[] = [
  { key: 'created', label: 'Created' },
  { key: 'updated', label: 'Updated' },
  { key: 'unchanged', label: 'Unchanged' },
  { key: 'failed', label: 'Failed' },
];

function ImportResult({ result, onImport, importing }: { result: CustomerImportResult; onImport: () => void; importing: boolean }) {
  const errors = result.errors ?? [];
  const failed = result.failed ?? 0;
  const toSave = (result.created ?? 0) + (result.updated ?? 0);
  return (
    <Stack gap="sm" data-testid="import-result">
      <Alert
        color={failed > 0 ? 'yellow' : 'whatsapp'}
        icon={failed > 0 ? <IconAlertTriangle /> : <IconCircleCheck />}
        title={result.dryRun ? 'Checked: nothing was saved' : 'Imported'}
        role="status"
      >
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {result.dryRun
              ? 'This is what an import of the file would do. Rows with problems would be skipped.'
              : failed > 0
                ? 'The good rows were saved; the rows with problems were skipped.'
                : 'Every row was read.'}
          </Text>
          {result.dryRun && toSave > 0 && (
            <Button size="xs" leftSection={<IconUpload size={14} />} onClick={onImport} loading={importing}>
              Import this file now
            </Button>
          )}
        </Stack>
      </Alert>

      <Table withTableBorder withColumnBorders ta="center" aria-label="Import summary" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            {COUNTS.map((c) => (
              <Table.Th key={c.key} ta="center">
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            {COUNTS.map((c) => (
              <Table.Td key={c.key} fz="lg" fw={600} c={c.key === 'failed' && failed > 0 ? 'red.8' : undefined}>
                {result[c.key] ?? 0}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>

      {errors.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600} id="import-errors-title">
            Problems in the file
          </Text>
          <ScrollArea.Autosize mah={300} type="auto">
            <Table verticalSpacing={4} striped stickyHeader aria-labelledby="import-errors-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>Row</Table.Th>
                  <Table.Th w={150}>Field</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {errors.map((e, i) => (
                  <Table.Tr key={`${e.row}-${e.field}-${i}`}>
                    <Table.Td>{e.row}</Table.Td>
                    <Table.Td>{e.field}</Table.Td>
                    <Table.Td>{e.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          {result.errorsTruncated && (
            <Text size="sm" c="dimmed" data-testid="import-errors-truncated">
              Only the first {errors.length} problems are listed. Fix them and check the file again to see the rest.
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function ImportCustomersForm({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [fileError, setFileError] = useState<string | undefined>();

  const upload = useImportCustomers();

  const submit = (asDryRun: boolean) => {
    if (!file) return setFileError('Choose a CSV file.');
    if (file.size > IMPORT_MAX_BYTES) return setFileError(`The file is larger than ${IMPORT_MAX_BYTES / (1024 * 1024)} MB: split it.`);
    setDryRun(asDryRun);
    upload.mutate({ file, dryRun: asDryRun });
  };

  return (
    <Stack gap="md">
      <form
        noValidate
        aria-label="Import customers"
        onSubmit={(e) => {
          e.preventDefault();
          submit(dryRun);
        }}
      >
        <Stack gap="md">
          <Text size="sm">
            A CSV file with a header row. A row updates the customer with the same account number (else the same phone) and creates the
            others; blank cells leave what is stored as it is.
          </Text>
          <List size="sm" spacing={2}>
            {IMPORT_COLUMNS.map((c) => (
              <List.Item key={c.name}>
                <Code>{c.name}</Code> — {c.help}
              </List.Item>
            ))}
          </List>
          <Anchor href={SAMPLE_CSV_URL} download="customers-sample.csv" size="sm">
            <Group gap={4} component="span">
              <IconDownload size={14} aria-hidden />
              Download a sample file
            </Group>
          </Anchor>
          <FileInput
            label="CSV file"
            placeholder="Choose a .csv file"
            accept=".csv,text/csv"
            leftSection={<IconFileTypeCsv size={16} />}
            value={file}
            onChange={(next) => {
              setFile(next);
              setFileError(undefined);
              upload.reset();
            }}
            clearable
            withAsterisk
            error={fileError}
            fileInputProps={{ 'data-testid': 'import-file-input' } as ComponentProps<'input'>}
          />
          <Checkbox
            label="Check only (dry run)"
            description="Reports what the import would do, without saving anything."
            checked={dryRun}
            onChange={(e) => setDryRun(e.currentTarget.checked)}
          />
          <ProblemAlert problem={upload.error ? importProblem(upload.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" leftSection={<IconUpload size={16} />} loading={upload.isPending}>
              {dryRun ? 'Check file' : 'Import'}
            </Button>
          </Group>
        </Stack>
      </form>
      {upload.data && <ImportResult result={upload.data} onImport={() => submit(false)} importing={upload.isPending} />}
    </Stack>
  );
}

/** Imports customers from a CSV file: first checked (a dry run) if wished, then the counts and every bad row. */
export function ImportCustomersModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title="Import customers from CSV"
      size="xl"
      closeOnClickOutside={false}
    >
      {opened && <ImportCustomersForm onClose={onClose} />}
    </Modal>
  );
}
