/**
 * The embed script, served as /embed/map-gc-lab.js (src/pages/embed/map-gc-lab.js.ts type-strips this
 * file, drops its `export` keywords and wraps it in a function, so it runs as is in any page, with no
 * Astro, no bundler and no globals of its own).
 *
 *   <script src="https://…/embed/map-gc-lab.js" async></script>
 *   <map-gc-lab preset="case-fix" views="compare,heap"></map-gc-lab>
 *   <map-gc-heap preset="case-before" lang="en" theme="dark"></map-gc-heap>
 *
 * Design. Each element is a thin frame around the chrome-less widget page of the same site
 * (`/embed/<widget>/`): the widget runs on its own origin, so its Web Worker can start (a page cannot start
 * a worker from another origin), its styles and scripts never mix with the host page's, and the host's
 * Content-Security-Policy only needs `frame-src` for this site. The element turns its attributes into the
 * widget page's query string (the same parameters as the lab's URL: docs/widgets.md), sizes the frame from
 * the height the page reports by postMessage, and keeps the frame in step when attributes change.
 *
 * The attributes → query string step is a pure function (`widgetParams`, `widgetUrl`), exported for the
 * tests: tests/fuzz/attributes.fuzz.test.ts feeds it hostile attribute sets and follows the result through
 * the widget page's own parsing (`scenarioFromAttributes` in src/components/lab/state/attributes.ts).
 *
 * Elements: <map-gc-lab> (all views and controls), <map-gc-heap>, <map-gc-pauses>, <map-gc-occupancy>,
 * <map-gc-compare> (one view each). Safe to load twice: each element is defined only if it is not yet.
 *
 * Attributes
 *   lang       "en" or "zh-CN" (default: the host page's <html lang>, else zh-CN)
 *   theme      "light", "dark" or "auto" (default auto: the reader's colour scheme)
 *   title      the frame's accessible title (default: the widget's name)
 *   src-base   the site to load widgets from (default: where this script came from)
 *   any other  passed to the widget page as a query parameter: preset, views, controls, n, gogc,
 *              rebuild.threshold, b.impl, … (see docs/widgets.md). HTML's global attributes (id, class,
 *              style, hidden, slot, tabindex, dir, role, aria-*, data-*, on*) are the host page's, not
 *              parameters.
 */

/** The message the widget page sends its parent whenever its height changes. */
export const HEIGHT_MESSAGE = 'map-gc-lab:height';

/** Element name → widget page. */
export const WIDGETS: Readonly<Record<string, string>> = {
  'map-gc-lab': 'lab',
  'map-gc-heap': 'heap',
  'map-gc-pauses': 'pauses',
  'map-gc-occupancy': 'occupancy',
  'map-gc-compare': 'compare',
};

/** The element's own attributes and HTML's global ones: never sent to the widget page as parameters. */
const OWN = new Set([
  'lang', 'theme', 'title', 'src-base', 'class', 'style', 'id', 'hidden', 'slot', 'tabindex', 'dir', 'role',
  'part', 'is', 'inert', 'nonce', 'autofocus', 'accesskey', 'contenteditable', 'draggable', 'spellcheck',
  'translate', 'enterkeyhint', 'inputmode', 'popover', 'exportparts',
]);
const isOwn = (name: string) => OWN.has(name) || name.startsWith('aria-') || name.startsWith('data-') || name.startsWith('on');

/** HTML lower-cases attribute names; the widget page reads the scenario's camelCase field names. */
const CAMEL = ['deleteRatio', 'forcedGcRuns', 'durationMs', 'insertsPerSec', 'ttlMs', 'backgroundAlloc', 'bytesPerSec', 'objectBytes', 'gapMs'];
const canonical = (name: string) =>
  name
    .split('.')
    .map((part) => CAMEL.find((c) => c.toLowerCase() === part.toLowerCase()) ?? part)
    .join('.');

export interface Attr {
  name: string;
  value: string;
}

/** The widget page's query parameters for an element's attributes (in document order). */
export function widgetParams(attrs: readonly Attr[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const a of attrs) {
    const name = a.name.toLowerCase();
    if (!isOwn(name)) params.set(canonical(name), a.value);
  }
  const theme = attrs.find((a) => a.name.toLowerCase() === 'theme')?.value;
  if (theme) params.set('theme', theme);
  return params;
}

/** `text` as an http(s) URL resolved against `against`, or null (relative, broken, javascript:, data:…). */
function httpUrl(text: string, against: string): URL | null {
  try {
    const u = new URL(text, against);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

export interface Host {
  /** Where the widget pages live: the site this script came from (absolute). */
  base: string;
  /** The host page's URL, against which a relative `src-base` is read. */
  page: string;
  /** The host page's <html lang>. */
  docLang: string;
}

/**
 * The widget page an element frames. Never throws: a `src-base` that is not an http(s) URL is ignored
 * (the frame then loads from `host.base`), so an attribute can never make the frame run a `javascript:` URL.
 * Without any http(s) site to load from, the frame shows about:blank.
 */
export function widgetUrl(attrs: readonly Attr[], widget: string, host: Host): URL {
  const attr = (n: string) => attrs.find((a) => a.name.toLowerCase() === n)?.value ?? '';
  const site = (attr('src-base') && httpUrl(attr('src-base'), host.page)) || httpUrl(host.base, host.page);
  if (!site) return new URL('about:blank'); // a host page without an http(s) address and no src-base
  const lang = (attr('lang') || host.docLang || 'zh-CN').toLowerCase().startsWith('en') ? 'en/' : '';
  const url = new URL(`embed/${lang}${widget}/`, site);
  url.search = widgetParams(attrs).toString();
  return url;
}

function install() {
  // document.currentScript is only set while this script first runs: remember where it came from.
  const script = document.currentScript as HTMLScriptElement | null;
  const defaultBase = script?.src ? new URL('.', new URL(script.src, location.href)).href.replace(/\/embed\/$/, '/') : `${location.origin}/`;

  function define(tag: string, widget: string) {
    if (customElements.get(tag)) return;
    class MapGcWidget extends HTMLElement {
      private frame: HTMLIFrameElement | null = null;
      private readonly onMessage = (ev: MessageEvent) => {
        const data = ev.data as { type?: string; height?: number } | null;
        if (!this.frame || ev.source !== this.frame.contentWindow || data?.type !== HEIGHT_MESSAGE) return;
        if (typeof data.height === 'number' && data.height > 0) this.frame.style.height = `${Math.ceil(data.height)}px`;
      };

      // Every attribute is a parameter, so watch them all (observedAttributes needs a fixed list).
      private readonly watcher = new MutationObserver(() => this.render());

      connectedCallback() {
        window.addEventListener('message', this.onMessage);
        this.watcher.observe(this, { attributes: true });
        this.render();
      }

      disconnectedCallback() {
        window.removeEventListener('message', this.onMessage);
        this.watcher.disconnect();
      }

      private render() {
        const attrs = Array.from(this.attributes, (a) => ({ name: a.name, value: a.value }));
        const src = widgetUrl(attrs, widget, { base: defaultBase, page: location.href, docLang: document.documentElement.lang }).href;
        if (!this.frame) {
          // The frame lives in a shadow root without a slot, so the element's own children (fallback content
          // such as a link, parsed after this runs) stay hidden while the script works and show if it does not.
          const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
          const f = document.createElement('iframe');
          f.loading = 'lazy';
          f.style.cssText = 'display:block;width:100%;border:0;height:480px';
          f.setAttribute('allow', 'clipboard-write');
          root.replaceChildren(f);
          this.frame = f;
          if (!this.style.display) this.style.display = 'block';
        }
        this.frame.title = this.getAttribute('title') || `Go map GC lab: ${widget}`;
        if (this.frame.src !== src) this.frame.src = src;
      }
    }
    customElements.define(tag, MapGcWidget);
  }

  for (const [tag, widget] of Object.entries(WIDGETS)) define(tag, widget);
}

// In a page: define the elements. Imported by a test in Node, where there is no DOM: only the functions above.
if (typeof customElements !== 'undefined' && typeof HTMLElement !== 'undefined') install();
