import fs from 'node:fs';
import { isSupportedCountry } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { extractIdentifiers } from '../../../shared/identifiers/extract';
import { regionsForHost } from '../../../shared/geo/place-regions';
import { acceptancePath, hasAcceptanceData } from '../../helpers/acceptance';

// 53 real online ads with obfuscated numbers (dig-phone-extractor, Apache-2.0), read in place.
const GROUNDTRUTH = acceptancePath('dig-phone-extractor', 'groundtruth.json');

interface Ad {
  url: string;
  title: string;
  body: string;
  int_ext_gt: string[];
}

describe('phone extraction on the dig-phone-extractor ground truth', () => {
  it.skipIf(!hasAcceptanceData)('reaches recall ≥ 0.90 at precision ≥ 0.95', () => {
    const ads = (JSON.parse(fs.readFileSync(GROUNDTRUTH, 'utf8')) as { jsonlines: Ad[] }).jsonlines;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const misses: string[] = [];
    for (const ad of ads) {
      // As for any ad: regions from the site's address (ccTLD, place in the subdomain), then the
      // site's own country; backpage.com and its peers are US sites.
      const host = ad.url ? new URL(ad.url).hostname : '';
      const regions = [...regionsForHost(host, isSupportedCountry), 'US' as const];
      const found = new Set(extractIdentifiers(`${ad.title}\n${ad.body}`, { regions }).filter((o) => o.kind === 'phone').map((o) => o.value));
      const truth = new Set(ad.int_ext_gt);
      for (const f of found) {
        if (truth.has(f)) tp += 1;
        else {
          fp += 1;
          misses.push(`false positive ${f} in ${ad.url}`);
        }
      }
      for (const t of truth) {
        if (!found.has(t)) {
          fn += 1;
          misses.push(`missed ${t} in ${ad.url}`);
        }
      }
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`phone extraction: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})\n  ${misses.join('\n  ')}`);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
