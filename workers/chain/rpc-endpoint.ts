/**
 * A user-configured node URL split into what is sent and what may be stored. Hosted nodes put
 * their API key in the userinfo (`https://user:key@host`), the path (`/v3/<key>`) or the query
 * (`?apikey=`); the case file, the audit log and the locators keep only `host[:port]`, and every
 * message that may echo the URL (a transport error) is scrubbed of those parts before it is kept.
 */
export interface RpcEndpoint {
  /** the URL the requests go to, without userinfo (sent as a Basic `Authorization` header instead) */
  requestUrl: string;
  /** Basic credentials from the URL's userinfo, decoded */
  credentials: { username: string; password: string } | null;
  /** `host[:port]`: what locators, cache rows and log entries name */
  host: string;
  /** plain http to this machine: the only place credentials may travel unencrypted */
  loopback: boolean;
  /** the text with every secret part of the URL replaced by `***` */
  redact(text: string): string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Parses a node URL; throws on anything but http(s), naming the host only. */
export function parseRpcEndpoint(url: string): RpcEndpoint {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new Error('the node URL is not a valid URL (expected http(s)://host[:port][/path])');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`the node URL of ${parsed.host || 'this endpoint'} must start with http:// or https:// (got ${parsed.protocol})`);
  }
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const secrets = new Set<string>();
  // Raw and decoded forms both, since an error message may quote either.
  for (const s of [parsed.username, parsed.password, username, password]) if (s) secrets.add(s);
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    secrets.add(parsed.pathname);
    for (const segment of parsed.pathname.split('/')) if (segment.length >= 4) secrets.add(segment);
  }
  if (parsed.search) {
    secrets.add(parsed.search.slice(1));
    for (const value of parsed.searchParams.values()) if (value.length >= 4) secrets.add(value);
  }
  if (parsed.hash.length > 1) secrets.add(parsed.hash.slice(1));
  const host = parsed.host;
  const withoutUserinfo = new URL(parsed.href);
  withoutUserinfo.username = '';
  withoutUserinfo.password = '';
  withoutUserinfo.hash = '';
  const requestUrl = withoutUserinfo.href;
  // Longest first, so a path is replaced whole before one of its segments could split it.
  const ordered = [url.trim(), parsed.href, requestUrl, ...[...secrets].sort((a, b) => b.length - a.length)];
  return {
    requestUrl,
    credentials: username || password ? { username, password } : null,
    host,
    loopback: parsed.protocol === 'http:' ? LOOPBACK_HOSTS.has(parsed.hostname) : false,
    redact(text: string): string {
      let out = text;
      for (const [i, secret] of ordered.entries()) {
        if (!secret) continue;
        out = out.split(secret).join(i < 3 ? `${parsed.protocol}//${host}` : '***');
      }
      return out;
    },
  };
}
