/**
 * Chart drawing, one chart per task: a widget with four charts never blocks the main thread for the sum of
 * them. Tasks run back to back (MessageChannel, no frame wait), newest request per host wins, and
 * `whenIdle()` resolves when nothing is queued (the benchmark and tests wait on it through the
 * `data-drawing` attribute of the widget root).
 */
const queue = new Map<Element, () => void>();
const idleWaiters: Array<() => void> = [];
let channel: MessageChannel | null = null;
let posted = false;

function tick() {
  posted = false;
  const next = queue.entries().next();
  if (next.done) {
    for (const w of idleWaiters.splice(0)) w();
    return;
  }
  const [host, fn] = next.value;
  queue.delete(host);
  try {
    fn();
  } finally {
    post();
  }
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

export function scheduleRender(host: Element, fn: () => void) {
  queue.delete(host); // re-insert at the end: a newer draw of the same host replaces the older one
  queue.set(host, fn);
  post();
}

export function whenIdle(): Promise<void> {
  if (queue.size === 0 && !posted) return Promise.resolve();
  return new Promise((resolve) => idleWaiters.push(resolve));
}
