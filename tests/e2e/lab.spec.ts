/**
 * The lab page in a real browser: every control redraws the charts, the URL holds the whole state, presets
 * load, the page works without JavaScript, axe finds no serious issue, and random links never break it.
 * Scenarios are kept small (n = 20 000) so each simulation takes milliseconds.
 */
import { test, expect, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { watchPage } from './helpers';

const BASE = '/en/lab/?n=20000&deleteRatio=0.9&views=heap,pauses,occupancy';

// Charts are drawn only near the viewport (and paused off screen): a tall window keeps them all in view.
test.use({ viewport: { width: 1280, height: 4000 } });

/** The drawn state of every figure: chart markup (canvas pixels too) and summary text. */
async function signature(page: Page): Promise<string> {
  return page.locator('.lab__figures').evaluate((el) =>
    Array.from(el.querySelectorAll('.lab-fig'))
      .map((f) => {
        const charts = f.querySelector('.lab-fig__charts');
        const pixels = Array.from(charts?.querySelectorAll('canvas') ?? []).map((c) => c.toDataURL());
        // Plot numbers its marker ids per page (plot-marker-1, -5, …): not part of the picture.
        const markup = (charts?.innerHTML ?? '').replace(/plot-marker-\d+/g, 'plot-marker');
        return `${markup}${pixels.join('')}|${f.querySelector('.lab-fig__summary')?.textContent ?? ''}`;
      })
      .join('\n'),
  );
}

/** Moves a range input the way a reader's keyboard or mouse does: new value, then an `input` event. */
async function setRange(page: Page, name: string, value: string) {
  await page.locator(`input[name="${name}"]`).evaluate((el, v) => {
    (el as HTMLInputElement).value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** Waits until the widget has drawn a result newer than `after` (the `data-drawn` counter). */
async function drawnAfter(page: Page, after: string | null): Promise<string> {
  const lab = page.locator('.lab').first();
  await expect(lab).toHaveAttribute('data-drawn', /\d+/);
  if (after !== null) await expect(lab).not.toHaveAttribute('data-drawn', after);
  await expect(lab).toHaveAttribute('data-state', 'live');
  // Occupancy frames arrive after the heap and pause charts.
  if (await page.locator('.lab-fig[data-view=occupancy]').count()) {
    await expect(page.locator('.lab-fig[data-view=occupancy] .lab-fig__chart > *').first()).toBeAttached();
    await expect(page.locator('.lab-fig[data-view=occupancy] .lab-fig__loading')).toHaveCount(0);
  }
  return (await lab.getAttribute('data-drawn'))!;
}

/** The island is hydrated (client:visible): its controls answer from now on. */
async function hydrated(page: Page) {
  await expect(page.locator('astro-island').first()).not.toHaveAttribute('ssr', /.*/, { timeout: 20_000 });
}

async function openLive(page: Page, url = BASE) {
  await page.goto(url);
  return drawnAfter(page, null);
}

test.describe('controls', () => {
  // [field, how to change it]; order matters where a block must be switched on first.
  const steps: Array<[string, (p: Page) => Promise<unknown>]> = [
    ['impl', (p) => p.locator('select[name="impl"]').selectOption('swiss')],
    ['key', (p) => p.locator('select[name="key"]').selectOption('int64')],
    ['value', (p) => p.locator('select[name="value"]').selectOption('ptr1024')],
    ['n', (p) => p.locator('input[name="n"]').fill('30000')],
    ['n-slider', (p) => setRange(p, 'n-slider', '40')],
    ['hint', (p) => p.locator('input[name="hint"]').fill('30000')],
    ['deleteRatio', (p) => p.locator('input[name="deleteRatio"]').fill('40')],
    ['rebuild', (p) => p.locator('select[name="rebuild"]').selectOption('threshold')],
    ['rebuild.hint', (p) => p.locator('select[name="rebuild.hint"]').selectOption('half')],
    // 40 % deleted: a threshold of 50 % means no rebuild at all.
    ['rebuild.threshold', (p) => p.locator('input[name="rebuild.threshold"]').fill('50')],
    ['gogc', (p) => p.locator('input[name="gogc"]').fill('50')],
    // impl is swiss (Go 1.26) by now: the mark costs measured without Green Tea
    ['greenTea', (p) => p.locator('input[name="greenTea"]').uncheck()],
    ['gogc-off', (p) => p.locator('input[name="gogc-off"]').check()],
    ['gomemlimit-off', (p) => p.locator('input[name="gomemlimit-off"]').uncheck()],
    ['gomemlimit', (p) => p.locator('input[name="gomemlimit"]').fill('16')],
    ['gomaxprocs', (p) => p.locator('input[name="gomaxprocs"]').fill('8')],
    ['seed', (p) => p.locator('input[name="seed"]').fill('7')],
    ['churn', (p) => p.locator('input[name="churn"]').check()],
    // Short runs first: the TTL keeps the live target, so a shorter TTL means a higher insert rate.
    ['churn.durationMs', (p) => p.locator('input[name="churn.durationMs"]').fill('200')],
    ['churn.live', (p) => p.locator('input[name="churn.live"]').fill('5000')],
    ['churn.ttlMs', (p) => p.locator('input[name="churn.ttlMs"]').fill('50')],
    ['churn.delete', (p) => p.locator('input[name="churn.delete"]').uncheck()],
  ];

  test('every control redraws the charts', async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    const problems = watchPage(page, new URL(baseURL!).origin);
    let drawn = await openLive(page, '/en/lab/?n=20000&deleteRatio=0.9&gogc=100&views=heap,pauses,occupancy');
    let before = await signature(page);
    for (const [field, change] of steps) {
      await test.step(field, async () => {
        await change(page);
        drawn = await drawnAfter(page, drawn);
        const after = await signature(page);
        expect(after, `${field} did not change any chart`).not.toBe(before);
        before = after;
      });
    }
    expect(problems).toEqual([]);
  });

  test('each control has a visible label and unit, in both locales', async ({ page }) => {
    for (const [path, label] of [
      ['/en/lab/', 'deletion ratio'],
      ['/lab/', '删除比例'],
    ]) {
      await page.goto(path);
      await hydrated(page);
      const ctl = page.locator('.lab-ctl[data-field="deleteRatio"]');
      await expect(ctl.locator('label').first()).toContainText(label);
      await expect(ctl.locator('label').first()).toContainText('%');
      await expect(page.getByLabel(label, { exact: false }).first()).toBeVisible();
    }
  });
});

test('live charts replace the static ones without a frame of empty figures', async ({ page }) => {
  // Every frame from the first paint on, the height of the heap figure's chart area: a frame with the
  // static SVG gone and the live one not drawn yet would show as a collapse (the page below jumps).
  await page.addInitScript(() => {
    const w = window as unknown as { __heights: number[] };
    w.__heights = [];
    const sample = () => {
      const area = document.querySelector('.lab-fig[data-view=heap] .lab-fig__charts');
      if (area) w.__heights.push(area.getBoundingClientRect().height);
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
  });
  // A scenario other than the page's own, so the island simulates it at once.
  await openLive(page, '/en/lab/?n=30000&deleteRatio=0.7&views=heap,pauses');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const heights = await page.evaluate(() => (window as unknown as { __heights: number[] }).__heights);
  expect(heights.length).toBeGreaterThan(2);
  expect(Math.min(...heights), heights.join(', ')).toBeGreaterThan(200);
});

test('the URL holds the state: a copied link shows the same figures', async ({ page, browser }) => {
  await openLive(page);
  let drawn = await drawnAfter(page, null);
  await page.locator('select[name="value"]').selectOption('int64');
  drawn = await drawnAfter(page, drawn);
  await page.locator('input[name="gomaxprocs"]').fill('4');
  drawn = await drawnAfter(page, drawn);
  await page.locator('input[name="view-compare"]').check();
  drawn = await drawnAfter(page, drawn);
  await page.locator('input[name="lab-editing"][value="b"]').check();
  await page.locator('select[name="impl"]').selectOption('swiss');
  await drawnAfter(page, drawn);
  // The URL is written once the controls have been still for a moment (LabIsland URL_WRITE_DELAY_MS).
  await expect.poll(() => page.url()).toContain('b.impl=swiss');
  const url = page.url();
  expect(url).toContain('v=1');
  expect(url).toContain('value=int64');
  expect(url).toContain('gomaxprocs=4');
  expect(url).toContain('b.impl=swiss');
  const want = await signature(page);

  const other = await browser.newPage();
  await openLive(other, url);
  await expect(other.locator('select[name="value"]')).toHaveValue('int64');
  await expect(other.locator('input[name="gomaxprocs"]')).toHaveValue('4');
  await expect(other.locator('.lab-fig[data-view=compare]')).toBeVisible();
  expect(await signature(other)).toBe(want);
  await other.close();
});

test('reset returns to the page’s scenario and clears the URL', async ({ page }) => {
  await page.goto('/en/lab/');
  await hydrated(page);
  const staticSig = await signature(page);
  await page.locator('input[name="deleteRatio"]').fill('10');
  await drawnAfter(page, null);
  await expect.poll(() => page.url()).toContain('deleteRatio=0.1');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('.lab')).toHaveAttribute('data-state', 'static');
  expect(new URL(page.url()).search).toBe('');
  await expect(page.locator('input[name="deleteRatio"]')).toHaveValue('90');
  expect(await signature(page)).toBe(staticSig);
});

test('reset while answers are on their way and a URL write is pending keeps the page’s scenario', async ({ page }) => {
  await page.goto('/en/lab/');
  await hydrated(page);
  const staticSig = await signature(page);
  // A seed change at 1e6 keys is a fresh run of about half a second: its answer comes after the click.
  await page.locator('input[name="seed"]').fill('77');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.locator('.lab')).toHaveAttribute('data-state', 'static');
  // Longer than the run and the URL's write delay: neither may bring the edit back.
  await page.waitForTimeout(2500);
  expect(new URL(page.url()).search).toBe('');
  await expect(page.locator('.lab')).toHaveAttribute('data-state', 'static');
  await expect(page.locator('input[name="seed"]')).toHaveValue('1');
  expect(await signature(page)).toBe(staticSig);
});

test('a reader who points at the lab gets a first change that resumes the page’s run', async ({ page }) => {
  // /en/lab/ shows its build-time figures (10^6 keys). Pointing at the widget asks the worker for that run
  // ahead of need, so the first deletion-ratio change starts from its saved insert phase.
  await page.goto('/en/lab/');
  await hydrated(page);
  await page.locator('.lab__panel').hover();
  await page.locator('input[name="deleteRatio"]').fill('80');
  await drawnAfter(page, null);
  await expect(page.locator('.lab')).toHaveAttribute('data-sim-resumed', 'true');
});

test('in compare mode, pointing at the widget prepares both scenarios, each for its own first change', async ({ page }) => {
  // Chapter 2's pointer-vs-flat widget: A holds *T values, B int64, 10^6 keys each (two insert phases). A's
  // request must not drop B's warm run: both resume.
  await page.goto('/en/ch2-map-and-gc/');
  const host = page.locator('#ch2-pointer-vs-flat');
  await host.scrollIntoViewIfNeeded();
  await expect(host.locator('astro-island')).not.toHaveAttribute('ssr', /.*/, { timeout: 20_000 });
  await host.locator('.lab__panel').hover();
  await host.locator('input[name="deleteRatio"]').fill('80');
  const lab = host.locator('.lab');
  await expect(lab).toHaveAttribute('data-state', 'live', { timeout: 60_000 });
  await expect(lab).toHaveAttribute('data-sim-resumed', 'true');
  await expect(lab).toHaveAttribute('data-sim-resumed-b', 'true');
});

test('without that, the first change simulates the run from the start', async ({ page }) => {
  await page.goto('/en/lab/');
  await hydrated(page);
  // The reader has opened one build-time data table (without the pointer on the widget, which would warm it).
  await page.locator('.lab-fig[data-view=heap] .lab-fig__data').evaluate((d) => ((d as HTMLDetailsElement).open = true));
  const during = await page.locator('input[name="deleteRatio"]').evaluate(async (el) => {
    (el as HTMLInputElement).value = '80';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    // While the worker simulates (a fresh run of 10^6 keys, most of a second), the closed build-time tables
    // go in an idle period; the open one stays.
    const closed = () => document.querySelector('.lab-fig[data-view=pauses] .lab-fig__data .lab-table');
    for (let i = 0; i < 50 && closed(); i++) await new Promise((r) => setTimeout(r, 10));
    return {
      live: document.querySelector<HTMLElement>('.lab')!.dataset.state === 'live',
      closedTable: closed() !== null,
      closedNote: document.querySelector('.lab-fig[data-view=pauses] .lab-fig__data .lab-fig__loading')?.textContent,
      openRows: document.querySelectorAll('.lab-fig[data-view=heap] .lab-fig__data .lab-table tbody tr').length,
    };
  });
  expect(during).toMatchObject({ live: false, closedTable: false, closedNote: 'Simulating…' });
  expect(during.openRows).toBeGreaterThan(10);
  await drawnAfter(page, null);
  await expect(page.locator('.lab')).toHaveAttribute('data-sim-resumed', 'false');
});

test('a long simulation says how far it is, and the line clears with the answer', async ({ page }) => {
  // 3·10^6 keys: a fresh run of more than a second, which reports progress after 250 ms, then every 100 ms.
  await page.goto('/en/lab/?n=3000000&views=heap');
  const progress = page.locator('.lab__progress');
  await expect(progress).toHaveText(/^\d{1,2}% done( \((insert|delete|GC|rebuild)\))?$/, { timeout: 20_000 });
  await expect(page.locator('.lab__status')).toHaveText('Simulating…');
  await drawnAfter(page, null);
  await expect(progress).toHaveCount(0);
  await expect(page.locator('.lab__status')).toHaveText('');
});

test('printing draws the charts that wait off screen', async ({ page }) => {
  // A short window: the figures below it wait to be drawn until the reader scrolls near them.
  await page.setViewportSize({ width: 1280, height: 700 });
  await page.goto(BASE);
  await expect(page.locator('.lab')).toHaveAttribute('data-drawn', /\d+/, { timeout: 20_000 });
  await expect(page.locator('.lab-fig[data-view=occupancy] .lab-fig__loading')).toHaveCount(0);
  const empty = () => page.locator('.lab-fig__chart').evaluateAll((hosts) => hosts.filter((h) => h.childElementCount === 0).length);
  expect(await empty()).toBeGreaterThan(0);
  await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
  expect(await empty()).toBe(0);
});

test('a link to the compare view without scenario B compares A with a copy of A', async ({ page }) => {
  for (const url of ['/en/lab/?n=20000&views=compare', '/embed/en/compare/?n=20000']) {
    await page.goto(url);
    const fig = page.locator('.lab-fig[data-view=compare]');
    await expect(fig.locator('.lab-fig__chart > svg')).toHaveCount(2, { timeout: 20_000 });
    await expect(fig.locator('.lab-fig__loading')).toHaveCount(0);
  }
});

for (const cores of [8, 2]) {
  test(`scenario B and the occupancy replay run in ${cores >= 4 ? 'a second worker' : 'the same worker'} on a machine with ${cores} cores`, async ({ page }) => {
    await page.addInitScript((n) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n }), cores);
    await page.goto('/en/lab/?n=20000&views=compare,occupancy');
    await drawnAfter(page, null);
    await expect(page.locator('.lab-fig[data-view=compare] .lab-fig__chart > svg')).toHaveCount(2);
    const simWorkers = page.workers().filter((w) => /sim\.worker/.test(w.url()));
    expect(simWorkers).toHaveLength(cores >= 4 ? 2 : 1);
  });
}

test('out-of-range values in the URL are clamped with a visible note', async ({ page }) => {
  await page.goto('/en/lab/?n=20000&deleteRatio=1.7&gomaxprocs=0&impl=btree');
  await drawnAfter(page, null);
  const notes = page.locator('.lab__notes');
  await expect(notes).toContainText('deleteRatio: 1.7 is out of range (expected 0..1); using 1');
  await expect(notes).toContainText('impl:');
  await expect(page.locator('input[name="deleteRatio"]')).toHaveValue('100');
  await expect(page.locator('select[name="impl"]')).toHaveValue('classic');
});

test('presets load from the picker and from the URL', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/en/lab/');
  await hydrated(page);
  const picker = page.locator('select[name="preset"]');
  let drawn: string | null = null;
  await picker.selectOption('case-before');
  drawn = await drawnAfter(page, drawn);
  await expect(page).toHaveURL(/preset=case-before/);
  await expect(page.locator('input[name="churn"]')).toBeChecked();
  await expect(page.locator('input[name="churn.delete"]')).not.toBeChecked();
  await expect(page.locator('select[name="value"]')).toHaveValue('ptr1024');

  await picker.selectOption('classic-vs-swiss');
  await drawnAfter(page, drawn);
  await expect(page.locator('.lab-fig[data-view=compare]')).toBeVisible();
  await expect(page.locator('.lab-fig[data-view=compare] .lab-fig__source')).toContainText('Go 1.26 Swiss maps');

  await page.goto('/en/lab/?preset=case-fix');
  await drawnAfter(page, null);
  await expect(page.locator('select[name="preset"]')).toHaveValue('case-fix');
  await expect(page.locator('.lab-summary thead')).toContainText('change');
});

test('exports the data of a figure as CSV and JSON', async ({ page }) => {
  await openLive(page);
  const fig = page.locator('.lab-fig[data-view=pauses]');
  const [csv] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: 'CSV' }).click()]);
  expect(csv.suggestedFilename()).toBe('map-gc-lab-pauses.csv');
  const text = await (await csv.createReadStream()).toArray();
  expect(Buffer.concat(text).toString()).toMatch(/^cycle,forced,start_ms,stw1_us/);
  const [svg] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: 'SVG' }).click()]);
  const svgText = Buffer.concat(await (await svg.createReadStream()).toArray()).toString();
  expect(svgText).toContain('<svg');
  expect(svgText).not.toContain('var(--');
  expect(svgText).toContain('Simulated, sim');
  // The heap chart is an SVG with its legend inside; the occupancy of a big map is a canvas: both export.
  for (const view of ['heap', 'occupancy']) {
    const f = page.locator(`.lab-fig[data-view=${view}]`);
    const [png] = await Promise.all([page.waitForEvent('download'), f.getByRole('button', { name: 'PNG' }).click()]);
    const bytes = Buffer.concat(await (await png.createReadStream()).toArray());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(2000);
  }
});

test('the occupancy view steps through the growth of a small map', async ({ page }) => {
  await openLive(page, '/en/lab/?n=60&key=int64&value=int64&deleteRatio=0&views=occupancy');
  const stepper = page.locator('input[name="occupancy-step"]');
  await setRange(page, 'occupancy-step', '0');
  await expect(page.locator('.lab-step__caption')).toContainText('make(map, 0)');
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(page.locator('.lab-step__caption')).toContainText(/^2 \//);
  const max = Number(await stepper.getAttribute('max'));
  const captions: string[] = [];
  for (let i = 0; i <= max; i++) {
    await setRange(page, 'occupancy-step', String(i));
    captions.push((await page.locator('.lab-step__caption').textContent()) ?? '');
  }
  expect(captions.some((c) => c.includes('hashGrow doubles the array'))).toBe(true);
  expect(captions.some((c) => c.includes('Evacuation done'))).toBe(true);

  // The buttons of a row line up: the stepper's and the export row's (the book's content styles once gave
  // every button after the first a top margin).
  for (const row of ['.lab-step', '.lab-fig[data-view=occupancy] .lab-fig__export']) {
    const tops = await page.locator(`${row} > button`).evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(tops.length, row).toBeGreaterThan(2);
    expect(new Set(tops).size, `${row}: ${tops.join(', ')}`).toBe(1);
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const path of ['/en/lab/', '/lab/', '/embed/en/heap/', '/en/embedding/']) {
    test(`${path} shows the build-time figures`, async ({ page }) => {
      await page.goto(path);
      const charts = page.locator('.lab-fig__chart svg');
      expect(await charts.count()).toBeGreaterThan(0);
      await expect(charts.first()).toBeVisible();
      await expect(page.locator('.lab-fig__source').first()).toContainText(/sim \d+\.\d+/);
      await expect(page.locator('.lab-fig__sentence').first()).not.toBeEmpty();
    });
  }
});

for (const path of ['/en/lab/', '/lab/']) {
  test(`axe finds no serious issue on ${path}, static and live`, async ({ page }) => {
    await page.goto(path, { waitUntil: 'networkidle' });
    await hydrated(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('input[name="n"]').fill('20000');
    await drawnAfter(page, null);
    await page.locator('.lab-fig__data > summary').first().click();
    expect(await seriousViolations(page)).toEqual([]);
  });
}

/** A small seeded generator, so a failing query string can be reproduced from its index. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const KEYS = ['v', 'preset', 'views', 'compare', 'impl', 'key', 'value', 'n', 'hint', 'deleteRatio', 'rebuild', 'rebuild.threshold', 'rebuild.hint', 'churn', 'churn.ttlMs', 'churn.durationMs', 'churn.insertsPerSec', 'churn.delete', 'gogc', 'gomemlimit', 'gomaxprocs', 'seed', 'forcedGcRuns', 'backgroundAlloc.bytesPerSec', 'b.impl', 'b.n', 'b.gogc', 'zzz', '__proto__', 'constructor', ''];
const VALUES = ['', '0', '-1', '1', '0.5', '1.7', '1e6', '1e400', 'NaN', 'Infinity', '-0', 'off', 'on', 'true', 'null', 'swiss', 'classic', 'ptr64', 'live', 'half', '512MiB', '3GiB', 'heap,bogus', 'case-fix', '💥', '<script>', '%', '{"a":1}', '9'.repeat(30), '1,2'];

function randomQuery(i: number): string {
  const r = rng(i + 1);
  const p = new URLSearchParams();
  const n = Math.floor(r() * 8);
  for (let k = 0; k < n; k++) {
    const key = KEYS[Math.floor(r() * KEYS.length)];
    const value = r() < 0.2 ? String(Math.round((r() - 0.3) * 10 ** Math.floor(r() * 9))) : VALUES[Math.floor(r() * VALUES.length)];
    p.append(key, value);
  }
  // Keep simulations short where the query asks for big runs: the point is the parsing, not the waiting.
  if (!p.has('n')) p.set('n', '5000');
  return p.toString();
}

for (let batch = 0; batch < 4; batch++) {
  test(`random query strings never break the lab (batch ${batch + 1} of 4)`, async ({ page, baseURL }) => {
    test.setTimeout(180_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    for (let i = batch * 50; i < batch * 50 + 50; i++) {
      const q = randomQuery(i);
      // The embed page carries the same widget without the book around it: quicker to load 200 times.
      await page.goto(`${baseURL}/embed/en/lab/?${q}`);
      await expect(page.locator('.lab')).toHaveAttribute('data-state', /static|busy|live|error/);
      await page.waitForTimeout(60);
      const boundary = await page.locator('.lab-error').count();
      expect(boundary, `query ${i}: ${q}`).toBe(0);
      expect(problems, `query ${i}: ${q}`).toEqual([]);
    }
  });
}
