import type { Page, Request } from '@playwright/test';

/** Every route of the book, both locales. Chapter slugs start ch1- … ch5-. */
export const chapterSlugs = [
  'ch1-case-study',
  'ch2-map-and-gc',
  'ch3-anti-patterns',
  'ch4-lifecycle-practice',
  'ch5-summary',
] as const;
export const extraSlugs = ['lab', 'playground', 'embedding'] as const;
export const allPaths = ['', ...chapterSlugs, ...extraSlugs].flatMap((slug) => {
  const p = slug ? `/${slug}/` : '/';
  return [p, `/en${p}`];
});

/**
 * Watches a page for the things no page may do: log a console error, throw, fail a request (favicon
 * included; a request the browser cancels on navigation is not a failure) or send a request to another origin.
 */
export function watchPage(page: Page, origin: string) {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req: Request) => {
    const error = req.failure()?.errorText ?? '';
    // ERR_ABORTED is the browser cancelling a request, e.g. the favicon of a page the test navigates away
    // from; a missing file still shows up as an HTTP status below.
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} (${error})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) problems.push(`third-party request: ${req.url()}`);
  });
  return problems;
}
