/**
 * A program's output on the page: stdout and stderr interleaved in the order they came, written into a
 * `<pre>` without going through Preact, because a busy program sends a batch every 16 ms.
 *
 * - Writes are queued and applied once per animation frame, adjacent writes of the same stream merged
 *   into one text node (stderr in its own span, styled).
 * - The page shows at most `maxChars` characters; the rest is counted and announced once at the end, so
 *   an output flood (up to the runner's 1 MiB limit) never makes the page slow.
 * - The view stays scrolled to the bottom while the reader has not scrolled up.
 */
export class OutputSink {
  private queue: { fd: 1 | 2; text: string }[] = [];
  private frame = 0;
  private shown = 0;
  private hidden = 0;
  private lastFd: 1 | 2 | 0 = 0;
  private lastNode: Text | null = null;
  private note: HTMLElement | null = null;

  constructor(
    private readonly pre: HTMLElement,
    private readonly truncatedText: (n: number) => string,
    private readonly maxChars = 200_000,
  ) {}

  clear() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.queue = [];
    this.shown = this.hidden = 0;
    this.lastFd = 0;
    this.lastNode = null;
    this.note = null;
    this.pre.replaceChildren();
  }

  write(fd: 1 | 2, text: string) {
    this.queue.push({ fd, text });
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Applies pending writes now (at the end of a run, so the final message comes after them). */
  flush() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const pre = this.pre;
    const atBottom = pre.scrollHeight - pre.scrollTop - pre.clientHeight < 24;
    for (const { fd, text } of this.queue) {
      const room = this.maxChars - this.shown;
      const part = room > 0 ? text.slice(0, room) : '';
      this.hidden += text.length - part.length;
      if (!part) continue;
      this.shown += part.length;
      if (fd === this.lastFd && this.lastNode) {
        this.lastNode.appendData(part);
        continue;
      }
      const node = document.createTextNode(part);
      if (fd === 2) {
        const span = document.createElement('span');
        span.className = 'gp-stderr';
        span.append(node);
        pre.append(span);
      } else pre.append(node);
      this.lastFd = fd;
      this.lastNode = node;
    }
    this.queue = [];
    if (this.hidden > 0) {
      this.note ??= pre.appendChild(document.createElement('span'));
      this.note.className = 'gp-truncated';
      this.note.textContent = '\n' + this.truncatedText(this.hidden);
      this.lastNode = null;
      this.lastFd = 0;
    }
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  }

  get text() {
    return this.pre.textContent ?? '';
  }
}
