/**
 * Runs on the chrome-less widget pages (/embed/<widget>/): applies `?theme=` and reports the page's height
 * to the embedding page whenever it changes, as { type: 'map-gc-lab:height', height } (the
 * <map-gc-lab> element and hand-written iframes listen for it; docs: /embedding/).
 */
const params = new URLSearchParams(location.search);
const asked = params.get('theme');
const prefersLight = window.matchMedia('(prefers-color-scheme: light)');
function applyTheme() {
  // "auto" (the default) follows the reader's colour scheme, live.
  const theme = asked === 'light' || asked === 'dark' ? asked : prefersLight.matches ? 'light' : 'dark';
  const root = document.documentElement.classList;
  root.remove('lab-theme-auto', 'lab-theme-light', 'lab-theme-dark');
  root.add(`lab-theme-${theme}`);
}
applyTheme();
prefersLight.addEventListener('change', applyTheme);

if (window.parent !== window) {
  let last = 0;
  const report = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'map-gc-lab:height', height }, '*');
  };
  new ResizeObserver(report).observe(document.body);
  report();
}
