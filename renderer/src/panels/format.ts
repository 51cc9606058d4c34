import { createContext, useContext, useMemo } from 'react';
import { localeOf, useI18n } from '../i18n/i18n';

/** The open case's time zone: every time on screen is shown in it, as the investigators read it. */
export const TimeZoneContext = createContext<string>('UTC');

/** Date and number formatters for the UI language, with times shown in the case's time zone. */
export function useFormat(zone?: string) {
  const { lang } = useI18n();
  const caseZone = useContext(TimeZoneContext);
  const timeZone = zone ?? caseZone;
  return useMemo(() => {
    const locale = localeOf(lang);
    const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'medium' });
    const date = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium' });
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 8 });
    const parse = (iso: string) => new Date(iso);
    return {
      locale,
      /** an ISO time as the case's local time; the text itself when it is not a time */
      dateTime: (iso: string) => {
        const d = parse(iso);
        return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
      },
      date: (ms: number) => date.format(new Date(ms)),
      /** a decimal string (amounts are exact decimals) or a number, grouped per locale */
      number: (n: number | string) => {
        if (typeof n === 'number') return number.format(n);
        // Format the integer part only through Intl; the fraction is kept digit for digit (no float rounding).
        const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(n);
        if (!m) return n;
        const whole = number.format(BigInt(m[2] ?? '0'));
        const sep = number.formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
        return `${m[1]}${whole}${m[3] ? sep + m[3] : ''}`;
      },
    };
  }, [lang, timeZone]);
}
