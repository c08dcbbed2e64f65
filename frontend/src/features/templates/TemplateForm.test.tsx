import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import type { HttpValidationProblemDetails, ProviderSummaryDto, SaveTemplateRequest, TemplateDto } from '../../api/client';
import { theme } from '../../theme';
import { TemplateForm } from './TemplateForm';
import { makeTemplate } from '../../test/builders';

// jsdom has no FontFaceSet, which the autosizing body textarea listens to.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', {
    configurable: true,
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

const providers: ProviderSummaryDto[] = [
  { id: 1, name: 'Meta backup', providerType: 'meta', isActive: false },
  { id: 2, name: 'Main Twilio', providerType: 'twilio', isActive: true },
];

const stored = makeTemplate({
  id: 9,
  variables: [
    { key: '1', label: '1', sample: 'Ana' },
    { key: '2', label: 'Amount', sample: '$20' },
  ],
  bindings: [{ providerId: 2, externalId: 'HX0123', providerName: 'Main Twilio', providerType: 'twilio' }],
});

function renderForm(props: Partial<Parameters<typeof TemplateForm>[0]> = {}) {
  const save = vi.fn<(p: SaveTemplateRequest) => Promise<TemplateDto>>().mockResolvedValue(stored);
  const onSaved = vi.fn();
  render(
    <MantineProvider theme={theme}>
      <TemplateForm providers={providers} save={save} onSaved={onSaved} onCancel={() => {}} {...props} />
    </MantineProvider>,
  );
  return { save: (props.save as typeof save | undefined) ?? save, onSaved };
}

/** user-event reads "{" as the start of a key name; "{{" types one brace. */
const braces = (text: string) => text.replace(/\{/g, '{{');

describe('TemplateForm', () => {
  it('derives the variables from the body as it is typed and renders the preview with the samples', async () => {
    const user = userEvent.setup();
    renderForm();
    const preview = screen.getByRole('region', { name: 'Message preview' });
    expect(preview).toHaveTextContent('Your message appears here as you type.');
    expect(screen.getByLabelText(/^Language/)).toHaveValue('en_US');
    expect(screen.getByRole('combobox', { name: /^Status/ })).toHaveValue('APPROVED');

    const body = screen.getByLabelText(/^Body/);
    await user.type(body, braces('Hi {{1}}, '));
    expect(screen.getByLabelText('Sample of {{1}}')).toHaveValue('');
    expect(preview).toHaveTextContent('Hi {{1}},');

    await user.type(screen.getByLabelText('Sample of {{1}}'), 'Ana');
    expect(preview).toHaveTextContent('Hi Ana,');

    await user.type(body, braces('you owe {{amount}}'));
    // Mixing numbered and named placeholders is flagged while typing, as the server would.
    expect(screen.getByText(/not both/)).toBeInTheDocument();
    await user.clear(body);
    await user.type(body, braces('Hi {{1}}, you owe {{2}}.'));
    expect(screen.queryByText(/not both/)).not.toBeInTheDocument();
    // The sample typed for {{1}} survived the body being cleared and typed again.
    expect(screen.getByLabelText('Sample of {{1}}')).toHaveValue('Ana');
    await user.type(screen.getByLabelText('Sample of {{2}}'), '$20');
    expect(preview).toHaveTextContent('Hi Ana, you owe $20.');
  });

  it('sends the typed template with one binding per provider id entered', async () => {
    const user = userEvent.setup();
    const { save, onSaved } = renderForm();
    await user.type(screen.getByLabelText(/^Name/), 'outage_over');
    await user.type(screen.getByLabelText(/^Body/), braces('Service in {{area}} is back.'));
    expect(screen.getByLabelText('Label of {{area}}')).toHaveValue('Area');
    await user.type(screen.getByLabelText('Sample of {{area}}'), 'Downtown');
    await user.type(screen.getByLabelText(/Main Twilio — Content SID/), 'HXabc');
    await user.click(screen.getByRole('button', { name: 'Create template' }));

    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(stored));
    expect(save.mock.calls[0][0]).toEqual({
      name: 'outage_over',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      body: 'Service in {{area}} is back.',
      header: { format: 'None' },
      footer: '',
      buttons: [],
      variables: [{ key: 'area', label: 'Area', sample: 'Downtown' }],
      bindings: [{ providerId: 2, externalId: 'HXabc' }],
    });
  });

  it('shows server errors next to their inputs and keeps what was typed', async () => {
    const user = userEvent.setup();
    const problem: HttpValidationProblemDetails = {
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: {
        language: ['Use a language code such as en, en_US or pt_BR.'],
        'variables.2': ['Labels are at most 100 characters, samples 500.'],
        'bindings[0].externalId': ['The provider’s template id is required.'],
        bindings: ['A template has one binding per provider.'],
      },
    };
    const save = vi.fn<(p: SaveTemplateRequest) => Promise<TemplateDto>>().mockRejectedValue(problem);
    const { onSaved } = renderForm({ template: stored, save });

    // The synced label "1" only repeats the key: shown as no label.
    expect(screen.getByLabelText('Label of {{1}}')).toHaveValue('');
    expect(screen.getByLabelText(/Main Twilio — Content SID/)).toHaveValue('HX0123');
    await user.clear(screen.getByLabelText(/^Language/));
    await user.type(screen.getByLabelText(/^Language/), 'english');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    const language = screen.getByLabelText(/^Language/);
    await waitFor(() => expect(language).toHaveAttribute('aria-invalid', 'true'));
    expect(language).toHaveAccessibleDescription(expect.stringContaining('Use a language code'));
    expect(screen.getByLabelText('Label of {{2}}')).toHaveAccessibleDescription(expect.stringContaining('at most 100'));
    // bindings[0] of the request is Main Twilio's id.
    expect(screen.getByLabelText(/Main Twilio — Content SID/)).toHaveAttribute('aria-invalid', 'true');
    expect(within(screen.getByRole('alert')).getByText('A template has one binding per provider.')).toBeInTheDocument();
    expect(language).toHaveValue('english');
    expect(screen.getByLabelText(/^Body/)).toHaveValue(stored.body);
    expect(onSaved).not.toHaveBeenCalled();
  });

  it('shows the bindings read-only and leaves them out of the request when the providers could not be loaded', async () => {
    const user = userEvent.setup();
    const { save } = renderForm({ template: stored, providers: null });
    expect(screen.queryByLabelText(/Content SID/)).not.toBeInTheDocument();
    expect(screen.getByText('HX0123')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(save).toHaveBeenCalled());
    expect(save.mock.calls[0][0].bindings).toBeNull();
  });
});

describe('TemplateForm components', () => {
  const rich = makeTemplate({
    id: 12,
    body: 'Hi {{1}}, your bill is attached.',
    variables: [{ key: '1', label: 'Name', sample: 'Ana' }, { key: 'header:media', label: 'Bill PDF', sample: null }],
    header: { format: 'Document', fileName: 'bill.pdf' },
    footer: 'Acme ISP',
    buttons: [{ type: 'QuickReply', text: 'Talk to an agent', action: 'AskForAgent' }],
    bindings: [],
  });

  it('previews a stored template as the phone shows it: document chip, body, footer, buttons', () => {
    renderForm({ template: rich });
    const preview = screen.getByRole('region', { name: 'Message preview' });
    expect(within(preview).getByTestId('preview-header')).toHaveTextContent('bill.pdf');
    expect(within(preview).getByTestId('preview-text')).toHaveTextContent('Hi Ana, your bill is attached.');
    expect(within(preview).getByTestId('preview-footer')).toHaveTextContent('Acme ISP');
    expect(within(within(preview).getByRole('list', { name: 'Buttons' })).getAllByRole('listitem').map((b) => b.textContent))
      .toEqual(['Talk to an agent']);
    expect(screen.getByLabelText('Label of header:media')).toHaveValue('Bill PDF');
    expect(screen.getByRole('combobox', { name: 'When tapped' })).toHaveValue('Ask for an agent');
  });

  it('adds a URL button whose dynamic suffix becomes a variable, and saves the components', async () => {
    const user = userEvent.setup();
    const { save } = renderForm({ template: rich });
    await user.click(screen.getByRole('button', { name: 'Add button' }));
    const second = screen.getByRole('group', { name: 'Button 2' });
    await user.click(within(second).getByRole('combobox', { name: 'Type' }));
    // Each button's type list stays in the page; the one just opened is the last.
    await user.click((await screen.findAllByRole('option', { name: /Visit website/, hidden: true })).at(-1)!);
    await user.click(within(second).getByLabelText(/^Button text/));
    await user.paste('Pay now');
    await user.click(within(second).getByLabelText(/^URL/));
    await user.paste('https://pay.example.com/{{1}}');

    expect(screen.getByLabelText('Label of button:1')).toHaveValue("Button 'Pay now' URL suffix");
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(save).toHaveBeenCalled());
    const payload = save.mock.calls[0][0];
    expect(payload.header).toEqual({ format: 'Document', mediaUrl: null, fileName: 'bill.pdf' });
    expect(payload.buttons?.map((b) => [b.type, b.url, b.action])).toEqual([['QuickReply', null, 'AskForAgent'], ['Url', 'https://pay.example.com/{{1}}', null]]);
    expect(payload.variables?.map((v) => v.key)).toEqual(['1', 'header:media', 'button:1']);
  });
});
