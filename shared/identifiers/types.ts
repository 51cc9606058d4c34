/** Kinds of identifiers found in text. */
export type IdentifierKind = 'phone' | 'email' | 'url' | 'handle' | 'wallet' | 'iban';

/** One identifier found at one place in a text. */
export interface IdentifierOccurrence {
  kind: IdentifierKind;
  /** canonical value, e.g. +381641234567, btc:bc1q…, telegram:posao_bec */
  value: string;
  /** the text exactly as matched */
  raw: string;
  /** UTF-16 offsets of `raw` in the text */
  start: number;
  end: number;
  /** 0..1; below 1 when the reading is uncertain (region guessed, de-obfuscated) */
  confidence: number;
}
