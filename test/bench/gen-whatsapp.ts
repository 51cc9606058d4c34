// A deterministic synthetic WhatsApp "Export chat" (Android, dd/mm/yyyy, 24 h) for benchmarks:
// the same seed and count always give the same bytes. Texts mix BHS Latin and Cyrillic, phones in
// several spellings, e-mails, links, handles, IBANs, wallets, multi-line messages, media and
// system lines, in roughly the proportions seen in seized recruitment chats.
import fs from 'node:fs';
import { seededRandom } from '../helpers/seeded-random';

const SENDERS = ['Marko Petrović', 'Jelena', 'Драган', '+381 64 123 4567', 'Ana K.', 'Besnik', 'Ivan 🇷🇸', '+383 44 555 666'];
const WORDS = 'posao u beču plata 1500 eura smještaj plaćen javi se brzo putovanje sutra autobus granica pasoš novac dokumenti radnici trebaju hitno može ok dogovoreno šalji слике посао плата стан долази evo adresa kafić hotel vikend'.split(' ');
const IDENTIFIERS = [
  '+381 64 123 4567', '064/555-12-34', '0038163 9876543', 'posao.bec@gmail.com', 'https://t.me/posao_bec', '@radnici_eu', 'wa.me/38269111222',
  'RS35260005601001611379', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', '0x52908400098527886E0F7030069857D2E4169EE7', 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
];

export function generateWhatsAppExport(file: string, messages: number, seed = 42): number {
  const rnd = seededRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const fd = fs.openSync(file, 'w');
  let buf = '';
  let bytes = 0;
  let t = Date.UTC(2023, 0, 13, 8, 0);
  const flush = () => {
    const b = Buffer.from(buf, 'utf8');
    fs.writeSync(fd, b);
    bytes += b.length;
    buf = '';
  };
  for (let i = 0; i < messages; i++) {
    t += Math.floor(rnd() * 90_000);
    const d = new Date(t);
    const stamp = `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}, ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
    const r = rnd();
    if (r < 0.01) {
      buf += `${stamp} - ${pick(SENDERS)} added ${pick(SENDERS)}\n`;
    } else if (r < 0.02) {
      buf += `${stamp} - ${pick(SENDERS)}: <Media omitted>\n`;
    } else {
      const n = 3 + Math.floor(rnd() * 10);
      const words: string[] = [];
      for (let w = 0; w < n; w++) words.push(pick(WORDS));
      if (rnd() < 0.08) words.splice(Math.floor(rnd() * words.length), 0, pick(IDENTIFIERS));
      let text = words.join(' ');
      if (rnd() < 0.03) text += `\n${pick(WORDS)} ${pick(WORDS)}`;
      buf += `${stamp} - ${pick(SENDERS)}: ${text}\n`;
    }
    if (buf.length > 1 << 20) flush();
  }
  flush();
  fs.closeSync(fd);
  return bytes;
}
