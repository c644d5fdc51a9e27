/**
 * `t()` for the playground and RunHere: one translation file per locale (the lab's locale rules, see
 * ../lab/i18n). A missing key is a type error.
 */
import { maybeLocale, type Locale } from '../../lab/i18n';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export { maybeLocale, type Locale, type MessageKey };
export type PgTranslate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const tables: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function makePgT(locale: Locale): PgTranslate {
  const table = tables[locale];
  return (key, vars) => {
    const s = table[key] ?? en[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
  };
}
