import { Badge, createTheme, Drawer, Modal, Notification, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

export const APP_TITLE = 'ISP Billing · WhatsApp';

/** WhatsApp's green (#25D366 is shade 6); the darker shades keep white text readable (WCAG AA on shade 8). */
const whatsapp: MantineColorsTuple = [
  '#e7fbef',
  '#d2f5e1',
  '#a6eac3',
  '#76dfa3',
  '#4fd588',
  '#36cf77',
  '#25c76b',
  '#129a52',
  '#0b7d42',
  '#06602f',
];

const dialogTitle = { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' };

export const theme = createTheme({
  primaryColor: 'whatsapp',
  primaryShade: { light: 8, dark: 7 },
  colors: { whatsapp },
  defaultRadius: 'md',
  fontFamily:
    'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // A dialog's title reads as a heading of the dialog, not as its first line of text.
    // Mantine's close buttons are an icon alone: each gets a name screen readers (and axe's button-name rule) accept,
    // here once for every dialog, confirmations included; a dialog may name it more precisely.
    Modal: Modal.extend({ styles: { title: dialogTitle }, defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Drawer: Drawer.extend({ styles: { title: dialogTitle }, defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    // A badge too long for its place (a phone's narrow card) wraps onto a second line rather than being cut short.
    Badge: Badge.extend({
      styles: { root: { maxWidth: '100%', height: 'auto', minHeight: 'var(--badge-height)' }, label: { whiteSpace: 'normal', overflow: 'visible', textAlign: 'center' } },
    }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } } }),
  },
});

/**
 * Contrast (WCAG AA asks 4.5:1 for body text; axe's color-contrast checks it): Mantine's "dimmed" text is gray 6
 * (#868e96), 3.3:1 on white, so it is gray 7 here; the green of light badges (green 9 on its tint, 3.8:1) is darkened.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  // Error text and an invalid input's text: Mantine's red 6 (#fa5252) is 3.3:1 on white; red 9 is 5.6:1.
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-green-light-color': '#1e6b30',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
