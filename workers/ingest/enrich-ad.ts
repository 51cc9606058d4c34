/**
 * What the ingest worker adds to an ad before it is stored: the numbering regions its phones are
 * read in, every identifier in its title, body and contact fields (with the field it came from),
 * and the MinHash signature its near-duplicates are found by.
 */
import { getCountries, type CountryCode } from 'libphonenumber-js';
import { regionForPlace, regionsForHost } from '../../shared/geo/place-regions';
import { extractIdentifiers } from '../../shared/identifiers/extract';
import { phoneReadings } from '../../shared/identifiers/phone-readings';
import type { IdentifierOccurrence } from '../../shared/identifiers/types';
import type { ParsedAd } from '../parsers/ads/ad-records';

export interface AdOccurrence extends IdentifierOccurrence {
  /** `title`, `body` or `contact:<field name as given>`; offsets are within that field */
  field: string;
}

export interface AdRegion {
  regions: CountryCode[];
  /** why the first region: the site's country, the ad's location, or the case default */
  from: 'site' | 'location' | 'case';
}

const KNOWN = new Set<string>(getCountries());
const isKnownRegion = (cc: string) => KNOWN.has(cc);

function hostOf(site: string | null, url: string | null): string | null {
  for (const candidate of [url, site]) {
    if (!candidate) continue;
    try {
      return new URL(/^[a-z]+:\/\//i.test(candidate) ? candidate : `https://${candidate}`).hostname;
    } catch {
      // not a host name: a site given by its display name
    }
  }
  return null;
}

function placeRegion(location: string): CountryCode | null {
  const whole = regionForPlace(location);
  if (whole) return whole;
  // "Novi Pazar, Srbija", "Beč (Austrija)": the most specific part that the gazetteer knows.
  for (const part of location.split(/[,;/()|–-]+/)) {
    const r = part.trim() && regionForPlace(part);
    if (r) return r;
  }
  return null;
}

/** The regions an ad's national phone numbers are read in, most likely first. */
export function adRegions(ad: Pick<ParsedAd, 'site' | 'url' | 'location'>, caseRegion: string): AdRegion {
  const out: CountryCode[] = [];
  let from: AdRegion['from'] = 'case';
  const host = hostOf(ad.site, ad.url);
  if (host) {
    for (const r of regionsForHost(host, isKnownRegion)) if (!out.includes(r)) out.push(r);
    if (out.length) from = 'site';
  }
  const place = ad.location ? placeRegion(ad.location) : null;
  if (place && !out.includes(place)) {
    if (!out.length) from = 'location';
    out.push(place);
  }
  if (isKnownRegion(caseRegion) && !out.includes(caseRegion as CountryCode)) out.push(caseRegion as CountryCode);
  return { regions: out, from };
}

const HANDLE_FIELDS: Array<[RegExp, string]> = [
  [/telegram|^tg$/i, 'telegram'],
  [/instagram|^insta$|^ig$/i, 'instagram'],
  [/tiktok/i, 'tiktok'],
  [/snapchat/i, 'snapchat'],
];
const BARE_HANDLE = /^@?([A-Za-z][A-Za-z0-9_.]{2,31})$/;

/** A contact field that names its platform ("telegram": "posao_bec") holds a handle even without @. */
function bareHandle(field: string, value: string): IdentifierOccurrence | null {
  const platform = HANDLE_FIELDS.find(([re]) => re.test(field))?.[1];
  const m = platform ? BARE_HANDLE.exec(value.trim()) : null;
  if (!platform || !m) return null;
  const start = value.indexOf(m[0]);
  return { kind: 'handle', value: `${platform}:${m[1]!.replace(/\.+$/, '').toLowerCase()}`, raw: m[0], start, end: start + m[0].length, confidence: 1 };
}

/** Every identifier of an ad, field by field; ambiguous national numbers keep each plausible reading. */
export function adOccurrences(ad: Pick<ParsedAd, 'title' | 'body' | 'contacts'>, regions: CountryCode[]): AdOccurrence[] {
  const out: AdOccurrence[] = [];
  const add = (field: string, found: IdentifierOccurrence[]) => {
    for (const occ of found) for (const reading of phoneReadings(occ, regions)) out.push({ ...reading, field });
  };
  add('title', extractIdentifiers(ad.title, { regions }));
  add('body', extractIdentifiers(ad.body, { regions }));
  for (const c of ad.contacts) {
    const handle = bareHandle(c.field, c.value);
    add(`contact:${c.field}`, handle ? [handle] : extractIdentifiers(c.value, { regions }));
  }
  return out;
}
