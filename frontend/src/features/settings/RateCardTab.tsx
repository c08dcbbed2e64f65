import { useState } from 'react';
import { ActionIcon, Alert, Button, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import type { RateCardDto } from '../../api/client';
import { formErrorsFor, type FormProblem } from '../../lib/api';
import { ListContent } from '../../layout/ListContent';
import { ProblemAlert } from '../../lib/ProblemAlert';
import { formatDateTime } from '../../lib/format';
import { useRateCard, useSaveRateCard } from './rateCardQueries';

/** Meta's pricing categories, as its delivery reports name them. */
export const PRICING_CATEGORIES = ['marketing', 'utility', 'authentication', 'authentication_international', 'service', 'referral_conversion', 'marketing_lite'];

interface PriceRow {
  category: string;
  country: string;
  price: number | string;
  currency: string;
}

interface RateCardValues {
  label: string;
  asOf: string;
  prices: PriceRow[];
}

const toValues = (card: RateCardDto): RateCardValues => ({
  label: card.label ?? '',
  asOf: card.asOf ?? '',
  prices: (card.prices ?? []).map((p) => ({ category: p.category ?? '', country: p.country ?? '', price: p.price ?? 0, currency: p.currency ?? 'USD' })),
});

/** The server names fields as `prices[2].country`; the form as `prices.2.country`. */
const formKey = (serverKey: string) => {
  const key = serverKey.replace(/\[(\d+)\]/g, '.$1');
  return /^(label|asOf|prices(\.\d+\.(category|country|price|currency))?)$/i.test(key) ? key.replace(/^asof/i, 'asOf') : undefined;
};

function RateCardForm({ card }: { card: RateCardDto }) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const form = useForm<RateCardValues>({ mode: 'controlled', initialValues: toValues(card) });
  const save = useSaveRateCard({
    onSuccess: (saved) => {
      form.setInitialValues(toValues(saved));
      form.setValues(toValues(saved));
      notifications.show({ title: 'Rate card saved', message: 'Messages priced from now on use it.' });
    },
    onError: (error) => {
      const result = formErrorsFor(error, formKey, 'Some prices need fixing.');
      form.setErrors(result.formErrors);
      setProblem(result.problem);
    },
  });

  return (
    <form
      noValidate
      aria-label="Rate card"
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        save.mutate({
          label: values.label.trim(),
          asOf: values.asOf || null,
          prices: values.prices.map((p) => ({
            category: p.category,
            country: p.country.trim(),
            price: typeof p.price === 'number' ? p.price : null,
            currency: p.currency.trim(),
          })),
        });
      })}
    >
      <Stack gap="md">
        <ProblemAlert problem={problem} />
        <Group grow align="flex-start">
          <TextInput label="Source" description="Where the prices come from." withAsterisk maxLength={200} {...form.getInputProps('label')} />
          <TextInput label="Prices as of" description="The date of the provider's card." type="date" withAsterisk {...form.getInputProps('asOf')} />
        </Group>
        <Paper withBorder radius="md">
          <Table aria-label="Prices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Category</Table.Th>
                <Table.Th>Country</Table.Th>
                <Table.Th>Price per message</Table.Th>
                <Table.Th>Currency</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {form.values.prices.map((_, i) => (
                <Table.Tr key={form.key(`prices.${i}`)}>
                  <Table.Td>
                    <Select aria-label={`Category of price ${i + 1}`} data={PRICING_CATEGORIES} {...form.getInputProps(`prices.${i}.category`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={`Country of price ${i + 1}`} maxLength={2} placeholder="BR or *" {...form.getInputProps(`prices.${i}.country`)} />
                  </Table.Td>
                  <Table.Td>
                    <NumberInput aria-label={`Price ${i + 1}`} min={0} decimalScale={6} {...form.getInputProps(`prices.${i}.price`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput aria-label={`Currency of price ${i + 1}`} maxLength={3} {...form.getInputProps(`prices.${i}.currency`)} />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove price ${i + 1}`} onClick={() => form.removeListItem('prices', i)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Group justify="space-between">
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            onClick={() => form.insertListItem('prices', { category: 'marketing', country: '*', price: 0, currency: 'USD' })}
          >
            Add price
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save rate card
          </Button>
        </Group>
        {card.updatedBy && (
          <Text size="xs" c="dimmed">
            Last saved {formatDateTime(card.updatedAt)} by {card.updatedBy}
          </Text>
        )}
      </Stack>
    </form>
  );
}

/** Settings → Rate card: what messages cost per pricing category and recipient country, the Sent Log's and Compose's prices. */
export function RateCardTab() {
  const card = useRateCard();
  return (
    <Stack gap="md">
      <Alert variant="light" icon={<IconInfoCircle />} title="How messages are priced">
        Each message costs the price of its pricing category (as the provider reports it, else its template's category) for the
        recipient's country; country <b>*</b> prices every country not listed. A message the provider does not bill (a utility
        template inside an open customer-service window) costs nothing.
      </Alert>
      <ListContent query={card} what="rate card" count={card.data ? 1 : 0} empty={null}>
        {card.data && <RateCardForm card={card.data} />}
      </ListContent>
    </Stack>
  );
}
