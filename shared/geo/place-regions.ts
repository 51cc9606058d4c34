import type { CountryCode } from 'libphonenumber-js';

/**
 * A seed gazetteer: places (lower case, ASCII and local spellings) that ads name as their
 * location or site subdomain, mapped to the ISO region whose numbering plan local numbers follow.
 * It favours the Western Balkans and the destinations recruits are sent to; extend it freely.
 */
const PLACES: Record<string, CountryCode> = {
  // Western Balkans
  beograd: 'RS', belgrade: 'RS', београд: 'RS', 'novi-sad': 'RS', novisad: 'RS', nis: 'RS', niš: 'RS', kragujevac: 'RS', subotica: 'RS', 'novi-pazar': 'RS', novipazar: 'RS', tutin: 'RS', srbija: 'RS', serbia: 'RS',
  sarajevo: 'BA', banjaluka: 'BA', 'banja-luka': 'BA', mostar: 'BA', tuzla: 'BA', zenica: 'BA', bih: 'BA', bosnia: 'BA',
  zagreb: 'HR', split: 'HR', rijeka: 'HR', osijek: 'HR', croatia: 'HR', hrvatska: 'HR',
  podgorica: 'ME', budva: 'ME', 'herceg-novi': 'ME', montenegro: 'ME', 'crna-gora': 'ME',
  skopje: 'MK', скопје: 'MK', ohrid: 'MK', bitola: 'MK', tetovo: 'MK', macedonia: 'MK',
  tirana: 'AL', tiranë: 'AL', durres: 'AL', durrës: 'AL', vlore: 'AL', shkoder: 'AL', albania: 'AL', shqiperi: 'AL',
  prishtina: 'XK', pristina: 'XK', priština: 'XK', prishtinë: 'XK', prizren: 'XK', peja: 'XK', kosovo: 'XK', kosova: 'XK',
  ljubljana: 'SI', maribor: 'SI', slovenia: 'SI',
  // destinations and transit
  wien: 'AT', vienna: 'AT', beč: 'AT', bec: 'AT', graz: 'AT', linz: 'AT', salzburg: 'AT', austria: 'AT', austrija: 'AT',
  berlin: 'DE', munich: 'DE', münchen: 'DE', muenchen: 'DE', minhen: 'DE', frankfurt: 'DE', hamburg: 'DE', köln: 'DE', koeln: 'DE', cologne: 'DE', stuttgart: 'DE', germany: 'DE', njemačka: 'DE', nemačka: 'DE',
  zurich: 'CH', zürich: 'CH', geneva: 'CH', bern: 'CH', basel: 'CH', switzerland: 'CH', švicarska: 'CH',
  milano: 'IT', milan: 'IT', roma: 'IT', rome: 'IT', trieste: 'IT', venezia: 'IT', italia: 'IT', italy: 'IT',
  paris: 'FR', lyon: 'FR', marseille: 'FR', france: 'FR',
  amsterdam: 'NL', rotterdam: 'NL', brussels: 'BE', bruxelles: 'BE', antwerp: 'BE',
  london: 'GB', manchester: 'GB', birmingham: 'GB', uk: 'GB',
  dublin: 'IE', madrid: 'ES', barcelona: 'ES', lisbon: 'PT', lisboa: 'PT',
  budapest: 'HU', bucharest: 'RO', bucurești: 'RO', sofia: 'BG', софия: 'BG', athens: 'GR', thessaloniki: 'GR', solun: 'GR',
  istanbul: 'TR', ankara: 'TR', izmir: 'TR', prague: 'CZ', praha: 'CZ', warsaw: 'PL', warszawa: 'PL', bratislava: 'SK',
  helsinki: 'FI', stockholm: 'SE', oslo: 'NO', copenhagen: 'DK', moskva: 'RU', moscow: 'RU', kyiv: 'UA', kiev: 'UA',
  dubai: 'AE', 'abu-dhabi': 'AE', doha: 'QA', cairo: 'EG', 'tel-aviv': 'IL',
  delhi: 'IN', 'new-delhi': 'IN', mumbai: 'IN', pune: 'IN', hyderabad: 'IN', bangalore: 'IN', chennai: 'IN', kolkata: 'IN', india: 'IN',
  singapore: 'SG', hongkong: 'HK', 'hong-kong': 'HK', tokyo: 'JP', osaka: 'JP', seoul: 'KR', bangkok: 'TH', manila: 'PH', malaysia: 'MY', 'kuala-lumpur': 'MY',
  sydney: 'AU', melbourne: 'AU', perth: 'AU', brisbane: 'AU', adelaide: 'AU', auckland: 'NZ',
  toronto: 'CA', ottawa: 'CA', montreal: 'CA', vancouver: 'CA', calgary: 'CA', kitchener: 'CA', ontario: 'CA', alberta: 'CA', quebec: 'CA',
  quito: 'EC', bogota: 'CO', lima: 'PE', 'mexico-city': 'MX', 'sao-paulo': 'BR',
};

/** Country-code top-level domains whose region differs from their upper-cased label. */
const TLD_EXCEPTIONS: Record<string, CountryCode> = { uk: 'GB', el: 'GR' };

/** The numbering region a place name points to, if the gazetteer knows it. */
export function regionForPlace(place: string): CountryCode | null {
  const key = place.trim().toLowerCase().replace(/\s+/g, '-');
  return PLACES[key] ?? PLACES[key.replace(/-/g, '')] ?? null;
}

/**
 * Regions a web address suggests: its country-code TLD (oglasi.rs → RS, .co.uk → GB), then any
 * place named in its subdomains (london.example.com → GB).
 */
export function regionsForHost(host: string, isKnownRegion: (cc: string) => boolean): CountryCode[] {
  const labels = host.toLowerCase().split('.').filter(Boolean);
  const out: CountryCode[] = [];
  const tld = labels[labels.length - 1];
  if (tld && tld.length === 2) {
    const cc = TLD_EXCEPTIONS[tld] ?? tld.toUpperCase();
    if (isKnownRegion(cc)) out.push(cc as CountryCode);
  }
  for (const label of labels.slice(0, -2)) {
    const r = regionForPlace(label);
    if (r && !out.includes(r)) out.push(r);
  }
  return out;
}
