/**
 * Numbers as readers read them: durations in the largest unit that keeps them above 1 (µs, ms, s), bytes in
 * B / KiB / MiB / GiB, with the locale's separators. Pure; used by captions, tables and the summary.
 */
import { formatNumber, type Locale } from '../i18n';

export function fmtNum(locale: Locale, v: number, digits = 1): string {
  return formatNumber(locale, v, digits);
}

/** A duration given in µs: 850 → "850 µs", 12 500 → "12.5 ms", 2.1e6 → "2.1 s". */
export function fmtDurationUs(locale: Locale, us: number): string {
  const unit = (zh: string, en: string) => (locale === 'zh-CN' ? zh : en);
  if (us < 1000) return `${fmtNum(locale, us, us < 10 ? 2 : 0)} ${unit('微秒', 'µs')}`;
  if (us < 1e6) return `${fmtNum(locale, us / 1000, us < 1e4 ? 2 : 1)} ${unit('毫秒', 'ms')}`;
  return `${fmtNum(locale, us / 1e6, 2)} ${unit('秒', 's')}`;
}

export function fmtBytes(locale: Locale, bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${fmtNum(locale, v, i === 0 ? 0 : v < 10 ? 2 : 1)} ${units[i]}`;
}

/** Relative change from a to b: "−92 %", "+415 %"; null when a is 0. */
export function fmtDelta(locale: Locale, a: number | null, b: number | null): string | null {
  if (a === null || b === null || a === 0) return null;
  const pct = ((b - a) / Math.abs(a)) * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${fmtNum(locale, Math.abs(pct), Math.abs(pct) < 10 ? 1 : 0)} %`;
}
