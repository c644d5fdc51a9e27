/**
 * The embed script, served as /embed/map-gc-lab.js (src/pages/embed/map-gc-lab.js.ts transpiles this
 * file; it has no imports, so it runs as is in any page, with no Astro and no bundler).
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
 * Elements: <map-gc-lab> (all views and controls), <map-gc-heap>, <map-gc-pauses>, <map-gc-occupancy>,
 * <map-gc-compare> (one view each). Safe to load twice: each element is defined only if it is not yet.
 *
 * Attributes
 *   lang       "en" or "zh-CN" (default: the host page's <html lang>, else zh-CN)
 *   theme      "light", "dark" or "auto" (default auto: the reader's colour scheme)
 *   title      the frame's accessible title (default: the widget's name)
 *   src-base   the site to load widgets from (default: where this script came from)
 *   any other  passed to the widget page as a query parameter: preset, views, controls, n, gogc,
 *              rebuild.threshold, b.impl, … (see docs/widgets.md)
 */
(() => {
  /** The message the widget page sends its parent whenever its height changes. */
  const HEIGHT_MESSAGE = 'map-gc-lab:height';
  const WIDGETS: Record<string, string> = {
    'map-gc-lab': 'lab',
    'map-gc-heap': 'heap',
    'map-gc-pauses': 'pauses',
    'map-gc-occupancy': 'occupancy',
    'map-gc-compare': 'compare',
  };
  const OWN = new Set(['lang', 'theme', 'title', 'src-base', 'class', 'style', 'id', 'hidden', 'slot']);
  /** HTML lower-cases attribute names; the widget page reads the scenario's camelCase field names. */
  const CAMEL = ['deleteRatio', 'forcedGcRuns', 'durationMs', 'insertsPerSec', 'ttlMs', 'backgroundAlloc', 'bytesPerSec', 'objectBytes'];
  const canonical = (name: string) =>
    name
      .split('.')
      .map((part) => CAMEL.find((c) => c.toLowerCase() === part) ?? part)
      .join('.');

  // document.currentScript is only set while this script first runs: remember where it came from.
  const script = document.currentScript as HTMLScriptElement | null;
  const defaultBase = script?.src ? new URL('.', new URL(script.src, location.href)).href.replace(/\/embed\/$/, '/') : `${location.origin}/`;

  function widgetUrl(el: HTMLElement, widget: string): URL {
    const base = new URL(el.getAttribute('src-base') || defaultBase, location.href);
    const lang = (el.getAttribute('lang') || document.documentElement.lang || 'zh-CN').toLowerCase().startsWith('en') ? 'en/' : '';
    const url = new URL(`embed/${lang}${widget}/`, base);
    for (const a of Array.from(el.attributes)) if (!OWN.has(a.name)) url.searchParams.set(canonical(a.name), a.value);
    const theme = el.getAttribute('theme');
    if (theme) url.searchParams.set('theme', theme);
    return url;
  }

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
        const src = widgetUrl(this, widget).href;
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
})();
