// Twilio: `X-Twilio-Signature`, HMAC-SHA1 (base64) keyed by the auth token over the full URL Twilio
// requested followed by every POST parameter as name+value, sorted by name. JSON bodies instead put
// `bodySHA256=<hex>` in the URL: only the URL is signed and the body must hash to that value.
// Nothing is timestamped, so there is no window to check.
import { createHash, createHmac } from 'node:crypto';
import { BAD, fromBase64, header, MISSING, OK, sameBytes, type Headers, type VerifyResult } from './signature-tools';

type Params = Map<string, string[]>;

function formParams(contentType: string | undefined, rawBody: Buffer): Params {
  const params: Params = new Map();
  if (!contentType?.toLowerCase().includes('application/x-www-form-urlencoded')) return params;
  for (const [name, value] of new URLSearchParams(rawBody.toString('utf8'))) {
    params.set(name, [...(params.get(name) ?? []), value]);
  }
  return params;
}

function signedData(url: string, params: Params): string {
  let data = url;
  for (const name of [...params.keys()].sort()) {
    // As the reference library does: repeated values count once each, in sorted order.
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return data;
}

function hashName(headers: Headers): 'sha1' | 'sha256' | undefined {
  const settings = header(headers, 'x-twilio-webhooks-signature-settings') ?? '';
  const algorithm = /(?:^|,)\s*algorithm=([^,]*)/.exec(settings)?.[1]?.trim().toUpperCase() ?? '';
  if (algorithm === '' || algorithm === 'HMAC_SHA1') return 'sha1';
  return algorithm === 'HMAC_SHA256' ? 'sha256' : undefined;
}

export function signTwilio(authToken: string, url: string, params: Record<string, string> = {}): string {
  const map: Params = new Map(Object.entries(params).map(([k, v]) => [k, [v]]));
  return createHmac('sha1', authToken).update(signedData(url, map), 'utf8').digest('base64');
}

/** The URL with and without its explicit default port: Twilio signs whichever form it was given. */
export function portVariants(url: string): string[] {
  const m = /^(https?:\/\/)([^/:?#]+)(:\d+)?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme = '', host = '', port, rest = ''] = m;
  const defaultPort = scheme.toLowerCase() === 'https://' ? ':443' : ':80';
  return [...new Set([url, `${scheme}${host}${rest}`, `${scheme}${host}${port ?? defaultPort}${rest}`])];
}

/**
 * `urls` are the candidates for the URL Twilio requested (behind a tunnel the receiver cannot know
 * the scheme or public host for sure); the request verifies when any of them does.
 */
export function verifyTwilio(authToken: string, headers: Headers, rawBody: Buffer, urls: string[]): VerifyResult {
  const signature = header(headers, 'x-twilio-signature');
  if (signature === undefined) return MISSING;
  const hash = hashName(headers);
  if (!hash) return BAD;
  const given = fromBase64(signature.trim());
  const params = formParams(header(headers, 'content-type'), rawBody);
  let ok = false;
  for (const url of urls.flatMap(portVariants)) {
    const bodyHash = url.includes('bodySHA256') ? new URL(url).searchParams.get('bodySHA256') : null;
    const signed = bodyHash !== null ? signedData(url, new Map()) : signedData(url, params);
    const expected = createHmac(hash, authToken).update(signed, 'utf8').digest();
    if (!sameBytes(given, expected)) continue;
    ok = bodyHash === null || sameBytes(Buffer.from(bodyHash.toLowerCase()), Buffer.from(createHash('sha256').update(rawBody).digest('hex')));
    if (ok) break;
  }
  return ok ? OK : BAD;
}
