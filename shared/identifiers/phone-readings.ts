import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normalizeForDigits } from './normalize';
import type { IdentifierOccurrence } from './types';

/**
 * Every plausible reading of a phone written in national form ("064 123 4567") when the text
 * may belong to several numbering regions (an ad on an Austrian site placed in Novi Pazar): one
 * occurrence per region where the digits form a valid number, the first region's reading most
 * likely. The confidences share the original's, so no reading claims more than the text says.
 * Numbers written with a country code have one reading and come back unchanged.
 */
export function phoneReadings(occ: IdentifierOccurrence, regions: readonly CountryCode[]): IdentifierOccurrence[] {
  if (occ.kind !== 'phone' || regions.length < 2) return [occ];
  const digits = normalizeForDigits(occ.raw).text.replace(/\(0\)/, '').replace(/[^\d+]/g, '');
  if (digits.startsWith('+') || digits.startsWith('00') || /^(?:https?:|wa\.me|viber:)/i.test(occ.raw)) return [occ];
  const values: string[] = [occ.value];
  for (const region of regions) {
    const p = parsePhoneNumberFromString(digits, region);
    if (p?.isValid() && !values.includes(p.number)) values.push(p.number);
  }
  if (values.length === 1) return [occ];
  // The reading the extractor chose keeps the larger share; the others split the rest.
  const first = occ.confidence * 0.6;
  const other = (occ.confidence * 0.4) / (values.length - 1);
  return values.map((value, i) => ({ ...occ, value, confidence: Math.round((i === 0 ? first : other) * 1000) / 1000 }));
}
