import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { NitkaError } from '../../shared/result';
import type { ExportModel, ExportSource } from './export-model';

/**
 * The case-exchange package: a zip (manifest.json, model.json, sources/<sha256>) encrypted with
 * AES-256-GCM under a key derived from a passphrase agreed out of band (scrypt). Layout:
 *
 *   "NITKAPKG" | version u8 | scrypt log2(N) u8 | r u8 | p u8 | salt 16 | nonce 12 | ciphertext | GCM tag 16
 *
 * The 40-byte header is authenticated as additional data, so neither the parameters nor the
 * content can be changed without the passphrase check failing.
 */
export const PACKAGE_MAGIC = 'NITKAPKG';
export const PACKAGE_VERSION = 1;
const HEADER = 8 + 4 + 16 + 12;
const TAG = 16;
/** scrypt N = 2^17, r = 8, p = 1: ~128 MiB and a fraction of a second, per OWASP's guidance for scrypt. */
export const DEFAULT_SCRYPT = { logN: 17, r: 8, p: 1 };

export interface PackageItem {
  path: string;
  kind: 'model' | 'source';
  sha256: string;
  bytes: number;
  sourceId?: number;
  fileName?: string;
  exhibit?: string | null;
  acquiredAt?: string;
  readAs?: ExportSource['readAs'];
}

export interface PackageManifest {
  format: 'nitka-exchange-package';
  version: number;
  caseId: string;
  caseName: string;
  exporter: string;
  exportedAt: string;
  nitkaVersion: string;
  view: string | null;
  victimsRevealed: boolean;
  items: PackageItem[];
  /** sources that support the exported links but are not included, with why (victim protection) */
  withheld: Array<{ sourceId: number; fileName: string; sha256: string; bytes: number; reason: string }>;
}

export interface PackageContents {
  manifest: PackageManifest;
  model: ExportModel;
  sources: Array<{ item: PackageItem; bytes: Uint8Array }>;
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function deriveKey(passphrase: string, salt: Uint8Array, p: { logN: number; r: number; p: number }): Buffer {
  const N = 2 ** p.logN;
  return scryptSync(passphrase.normalize('NFC'), salt, 32, { N, r: p.r, p: p.p, maxmem: 256 * N * p.r });
}

/** Builds and encrypts a package: the manifest lists every item with its SHA-256 and size. */
export function encodePackage(manifest: Omit<PackageManifest, 'items'>, model: ExportModel, sources: Array<Omit<PackageItem, 'path' | 'kind' | 'sha256' | 'bytes'> & { bytes: Uint8Array }>, passphrase: string, scrypt = DEFAULT_SCRYPT): Uint8Array {
  const modelBytes = strToU8(JSON.stringify(model));
  const items: PackageItem[] = [{ path: 'model.json', kind: 'model', sha256: sha256Hex(modelBytes), bytes: modelBytes.length }];
  const files: Record<string, Uint8Array> = { 'model.json': modelBytes };
  for (const s of sources) {
    const sha = sha256Hex(s.bytes);
    const item: PackageItem = { path: `sources/${sha}`, kind: 'source', sha256: sha, bytes: s.bytes.length, sourceId: s.sourceId, fileName: s.fileName, exhibit: s.exhibit ?? null, acquiredAt: s.acquiredAt, readAs: s.readAs };
    items.push(item);
    // Evidence is often already compressed (zip exports, pictures): store it, spare the CPU.
    files[item.path] = s.bytes;
  }
  const full: PackageManifest = { ...manifest, items };
  files['manifest.json'] = strToU8(JSON.stringify(full, null, 2));
  const plain = zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: k.startsWith('sources/') ? 0 : 6 }]])) as Parameters<typeof zipSync>[0]);
  return sealPackage(plain, passphrase, scrypt);
}

/** Encrypts a package's zip under the passphrase (the header is authenticated with it). */
export function sealPackage(plain: Uint8Array, passphrase: string, scrypt = DEFAULT_SCRYPT): Uint8Array {
  const salt = randomBytes(16);
  const nonce = randomBytes(12);
  const header = Buffer.alloc(HEADER);
  header.write(PACKAGE_MAGIC, 0, 'latin1');
  header.writeUInt8(PACKAGE_VERSION, 8);
  header.writeUInt8(scrypt.logN, 9);
  header.writeUInt8(scrypt.r, 10);
  header.writeUInt8(scrypt.p, 11);
  salt.copy(header, 12);
  nonce.copy(header, 28);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(passphrase, salt, scrypt), nonce);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return new Uint8Array(Buffer.concat([header, body, cipher.getAuthTag()]));
}

/**
 * Decrypts and authenticates a package, then checks every item against the manifest (present,
 * same size, same SHA-256) and that nothing unlisted rides along. Throws a NitkaError naming
 * the item on any mismatch; returns nothing partial.
 */
export function decodePackage(data: Uint8Array, passphrase: string, label = 'the package'): PackageContents {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < HEADER + TAG || buf.toString('latin1', 0, 8) !== PACKAGE_MAGIC) {
    throw new NitkaError('bad_input', `${label}: not a Nitka exchange package (no NITKAPKG header)`);
  }
  const version = buf.readUInt8(8);
  if (version > PACKAGE_VERSION) throw new NitkaError('newer_version', `${label}: package format ${version} is newer than this Nitka reads (${PACKAGE_VERSION}); update Nitka`);
  const params = { logN: buf.readUInt8(9), r: buf.readUInt8(10), p: buf.readUInt8(11) };
  if (params.logN < 10 || params.logN > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
    throw new NitkaError('bad_input', `${label}: implausible key-derivation parameters in the header (N=2^${params.logN}, r=${params.r}, p=${params.p})`);
  }
  const header = buf.subarray(0, HEADER);
  const salt = buf.subarray(12, 28);
  const nonce = buf.subarray(28, 40);
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(passphrase, salt, params), nonce);
  decipher.setAAD(header);
  decipher.setAuthTag(buf.subarray(buf.length - TAG));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(buf.subarray(HEADER, buf.length - TAG)), decipher.final()]);
  } catch {
    throw new NitkaError('wrong_passphrase', `${label}: wrong passphrase, or the package was altered after it was made (authentication failed); nothing was imported`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(plain);
  } catch (e) {
    throw new NitkaError('bad_input', `${label}: the decrypted content is not a readable package (${(e as Error).message})`);
  }
  const manifestBytes = files['manifest.json'];
  if (!manifestBytes) throw new NitkaError('bad_input', `${label}: manifest.json is missing`);
  const manifest = JSON.parse(strFromU8(manifestBytes)) as PackageManifest;
  if (manifest.format !== 'nitka-exchange-package' || !Array.isArray(manifest.items)) throw new NitkaError('bad_input', `${label}: manifest.json is not a Nitka package manifest`);
  const listed = new Set(['manifest.json']);
  for (const item of manifest.items) {
    listed.add(item.path);
    const bytes = files[item.path];
    if (!bytes) throw new NitkaError('bad_input', `${label}: ${item.path}${item.fileName ? ` ('${item.fileName}')` : ''} is listed in the manifest but missing; nothing was imported`, { item: item.path });
    const sha = sha256Hex(bytes);
    if (bytes.length !== item.bytes || sha !== item.sha256) {
      throw new NitkaError('bad_input', `${label}: ${item.path}${item.fileName ? ` ('${item.fileName}')` : ''} does not match the manifest (SHA-256 ${sha}, ${bytes.length} bytes; manifest says ${item.sha256}, ${item.bytes} bytes); nothing was imported`, { item: item.path });
    }
  }
  const extra = Object.keys(files).filter((f) => !listed.has(f));
  if (extra.length) throw new NitkaError('bad_input', `${label}: holds ${extra.join(', ')}, which the manifest does not list; nothing was imported`);
  const modelItem = manifest.items.find((i) => i.kind === 'model');
  if (!modelItem) throw new NitkaError('bad_input', `${label}: the manifest lists no model.json`);
  const model = JSON.parse(strFromU8(files[modelItem.path]!)) as ExportModel;
  return { manifest, model, sources: manifest.items.filter((i) => i.kind === 'source').map((item) => ({ item, bytes: files[item.path]! })) };
}
