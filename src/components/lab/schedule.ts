/**
 * Chart drawing off the render path, in bounded tasks: a widget with four charts never blocks the main
 * thread for the sum of them when they are slow, and draws them in one go when they are cheap.
 *
 *   scheduleRender(host, fn)  queue a draw of `host` (a newer draw of the same host replaces the older one)
 *                             and post a task (MessageChannel, no frame wait) that runs the queue.
 *   flushRenders()            run the queue now, in the caller's task: LabIsland calls it after a render
 *                             that changed figures, so the charts of one answer land in the DOM in the same
 *                             task as their summaries and the browser styles, lays out and paints once.
 *   taskBegan(at)             the current task began at `at` (LabIsland: when an answer came in), so a flush
 *                             later in this task counts the time already spent (rendering the answer)
 *                             against its budget; forgotten in the next task.
 *   hold(host) / release(host) a host whose visibility is not known yet (its IntersectionObserver has not
 *                             reported): `whenIdle()` waits for it, since it may be about to queue a draw.
 *   whenIdle()                resolves once nothing is queued or held (LabIsland sets `data-drawn` then,
 *                             which the benchmark and the browser tests wait on).
 *
 * Task budget. A draw starts only while the time spent so far in the task (from `taskBegan`, else from the
 * flush or the posted task's start) plus that host's last drawing time stays within TASK_BUDGET_MS; the
 * rest goes to the next posted task, which always runs at least its first draw. So a task runs over the
 * budget only by a misestimated chart (DESIGN.md §7: no main-thread task over 50 ms), and a single slow
 * chart (the occupancy canvas at 10^6 keys) takes its own task as before.
 */
const queue = new Map<Element, () => void>();
const held = new Set<Element>();
const idleWaiters: Array<() => void> = [];
/** The last drawing time of each host (ms), to decide whether it still fits in the current task. */
const cost = new WeakMap<Element, number>();
let channel: MessageChannel | null = null;
let posted = false;
/** When the current task began, if a caller said so (`taskBegan`); null in other tasks. */
let taskStart: number | null = null;
/** User-timing entries of chart drawings since they were last cleared. */
let measures = 0;

/** Time a task may spend drawing before it leaves the remaining charts to the next task (ms). */
export const TASK_BUDGET_MS = 30;
/** The name of the user-timing measure of each chart's drawing (its detail: the host's label). */
export const DRAW_MEASURE = 'lab:chart';
/** Assumed drawing time of a host not drawn before (ms). */
const FIRST_DRAW_MS = 12;

function runQueue(start: number, runFirst: boolean) {
  let first = runFirst;
  for (;;) {
    const next = queue.entries().next();
    if (next.done) break;
    const [host, fn] = next.value;
    if (!first && performance.now() - start + (cost.get(host) ?? FIRST_DRAW_MS) > TASK_BUDGET_MS) {
      post();
      return;
    }
    first = false;
    queue.delete(host);
    const t0 = performance.now();
    try {
      fn();
    } catch (e) {
      // One broken chart must not stop the others; the error still reaches the page's error reporting.
      queueMicrotask(() => {
        throw e;
      });
    }
    const end = performance.now();
    cost.set(host, end - t0);
    // A user-timing entry per chart: the benchmark (scripts/bench-lab.mjs) reads them to say which chart
    // the drawing time goes to. Not an attribute: the DOM stays the same for the same figures.
    // Cleared now and then, so that a long session (the occupancy stepper playing) keeps few of them.
    if (++measures > 64) {
      performance.clearMeasures(DRAW_MEASURE);
      measures = 0;
    }
    performance.measure(DRAW_MEASURE, { start: t0, end, detail: host.getAttribute('aria-label') });
  }
  settle();
}

function tick() {
  posted = false;
  runQueue(performance.now(), true);
}

function post() {
  if (posted) return;
  posted = true;
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = tick;
  }
  channel.port2.postMessage(0);
}

function settle() {
  if (queue.size === 0 && held.size === 0) for (const w of idleWaiters.splice(0)) w();
}

export function scheduleRender(host: Element, fn: () => void) {
  queue.delete(host); // re-insert at the end: a newer draw of the same host replaces the older one
  queue.set(host, fn);
  post();
}

/** Forgets a queued draw (the host is going away). */
export function cancelRender(host: Element) {
  queue.delete(host);
  settle();
}

export function flushRenders() {
  if (queue.size) runQueue(taskStart ?? performance.now(), taskStart === null);
}

export function taskBegan(at: number) {
  if (taskStart === null) setTimeout(() => (taskStart = null), 0);
  taskStart = Math.min(taskStart ?? at, at);
}

export function hold(host: Element) {
  held.add(host);
}

export function release(host: Element) {
  if (held.delete(host)) settle();
}

export function whenIdle(): Promise<void> {
  if (queue.size === 0 && held.size === 0) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}
