/**
 * `t()` for the lab widgets: one translation file per locale, chosen from the page's `lang`.
 * Unknown locales fall back to English; a missing key is a type error, not a runtime surprise.
 */
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/** `zh`, `zh-CN`, `zh-Hans` → zh-CN; everything else → en. */
export function maybeLocale(lang: string | null | undefined): Locale {
  return lang && /^zh\b/i.test(lang) ? 'zh-CN' : 'en';
}

export function makeT(locale: Locale): Translate {
  const table = tables[locale];
  return (key, vars) => {
    const s = table[key] ?? en[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
  };
}

/**
 * Number formatting that follows the locale (thousands separators): `v.toLocaleString(locale,
 * { maximumFractionDigits: digits })`, with the formatter made once per locale and digits: toLocaleString
 * builds a new Intl.NumberFormat on every call (tens of µs each, many per redraw of a widget). Same text by
 * definition (ECMA-402: toLocaleString formats with such a NumberFormat).
 */
export function formatNumber(locale: Locale, v: number, digits = 0): string {
  const key = `${locale}|${digits}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return f.format(v);
}
const formatters = new Map<string, Intl.NumberFormat>();
