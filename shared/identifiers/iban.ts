import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { IdentifierOccurrence } from './types';

// Country code, check digits, then groups as printed ("RS35 2600 0560 1001 6113 79").
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,30}/gi;

/** IBANs with a valid checksum (ibantools), canonical without spaces and upper case. */
export function extractIbans(text: string): IdentifierOccurrence[] {
  const out: IdentifierOccurrence[] = [];
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    // The pattern may run into the next word ("… 79 hitno"); shorten until the checksum holds.
    let raw = m[0];
    while (raw.length >= 14) {
      const iban = electronicFormatIBAN(raw) ?? '';
      if (isValidIBAN(iban)) {
        out.push({ kind: 'iban', value: iban, raw, start: m.index, end: m.index + raw.length, confidence: 1 });
        CANDIDATE.lastIndex = m.index + raw.length;
        break;
      }
      raw = raw.slice(0, -1).trimEnd();
    }
  }
  return out;
}
