/**
 * What every ad-listing parser yields, whatever the capture format (JSON, JSON lines, CSV, saved
 * HTML): one record per ad, with its locator in the source. The ingest writes these.
 */
import type { Locator } from '../chat-records';

/** A contact field of an ad exactly as the site showed it ("Telefon: 064 123 45 67"). */
export interface AdContact {
  /** the field's own name in the capture (phone, telefon, whatsapp, email, telegram, contact_name…) */
  field: string;
  value: string;
}

/** An image an ad refers to: a file name/path beside the capture or inside its zip, or a URL. */
export interface AdImageRef {
  ref: string;
}

export interface ParsedAd {
  kind: 'ad';
  /** the site the ad was captured from (host name or the capture's own site name), null if unknown */
  site: string | null;
  /** the ad's own id as given in its source; when the source gives none, a stable id derived from its url or position */
  adId: string;
  url: string | null;
  title: string;
  body: string;
  /** ISO UTC when the posted time could be read, else null; the text as given is kept in `postedText` */
  postedUtc: string | null;
  postedText: string | null;
  location: string | null;
  price: string | null;
  /** the poster's name or account on the site, when shown */
  author: string | null;
  contacts: AdContact[];
  images: AdImageRef[];
  /** every field of the capture not mapped above, as given (JSON values; strings for CSV/HTML) */
  extra: Record<string, unknown>;
  /** line (JSON lines, CSV row), byte offset, `messageId` = JSON pointer or CSS path, entry inside a zip */
  locator: Locator;
}
