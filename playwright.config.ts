import { defineConfig } from '@playwright/test';

// Browser tests drive Debian's Chromium (no browser download) against the production build
// served by `astro preview`. `npm test` builds first; run `npm run build` before `npm run test:e2e`.
const port = Number(process.env.E2E_PORT ?? 4321);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'pages', testIgnore: /playground-hostile\.spec\.ts$/ },
    // The hostile-program tests time the main thread's tasks while a program misbehaves: they run after every
    // other test, one at a time (mode 'default' in the file), so that the other worker's tests do not take
    // the CPU they measure. On 2 cores the load of the full parallel run stretched single tasks past 200 ms.
    { name: 'hostile', testMatch: /playground-hostile\.spec\.ts$/, dependencies: ['pages'] },
  ],
  webServer: {
    command: `npx astro preview --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
