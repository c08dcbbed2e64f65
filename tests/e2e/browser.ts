import { devices, type PlaywrightTestOptions, type PlaywrightWorkerOptions } from '@playwright/test';

/**
 * The browser every Playwright run of the project uses (the e2e suite and the README's screenshots): the system's
 * headless Chromium (CHROMIUM_PATH, else /usr/bin/chromium), no sandbox, nothing that reaches out to the network.
 */
export const chromiumUse: Partial<PlaywrightTestOptions & PlaywrightWorkerOptions> = {
  ...devices['Desktop Chrome'],
  headless: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};
