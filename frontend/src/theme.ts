import { createTheme, type MantineColorsTuple } from '@mantine/core';

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

export const theme = createTheme({
  primaryColor: 'whatsapp',
  primaryShade: { light: 8, dark: 7 },
  colors: { whatsapp },
  defaultRadius: 'md',
  fontFamily:
    'Inter, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
});
