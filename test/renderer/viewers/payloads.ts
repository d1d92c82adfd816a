// Real-world-shaped webhook bodies for the body viewers.

export const stripeEvent = JSON.stringify({
  id: 'evt_1NG8Du2eZvKYlo2CUI79vXWy',
  object: 'event',
  api_version: '2023-10-16',
  created: 1686089970,
  data: {
    object: {
      id: 'pi_3NG8Du2eZvKYlo2C0gqJcF6X',
      object: 'payment_intent',
      amount: 2000,
      currency: 'usd',
      metadata: { order_id: '6735' },
      status: 'succeeded',
      charges: { object: 'list', data: [], has_more: false },
    },
  },
  livemode: false,
  pending_webhooks: 1,
  request: { id: 'req_Ep6Nu4BLr9yhfG', idempotency_key: null },
  type: 'payment_intent.succeeded',
});

// Slack sends interactive payloads as a form with one `payload` field holding JSON.
export const slackForm =
  'payload=' +
  encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U0CA5', username: 'amy' }, actions: [{ action_id: 'approve', value: 'yes & more' }] })).replace(/%20/g, '+') +
  '&token=Jhj5dZrVaK7ZwHHjRyZWjbDl&team_id=T0001';

export const soapXml =
  '<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header/><soap:Body>' +
  '<m:OrderNotification xmlns:m="urn:example:orders"><m:OrderId>6735</m:OrderId><m:Note><![CDATA[<b>not markup</b>]]></m:Note>' +
  '<!-- sent by the ERP --><m:Total currency="EUR">19.90</m:Total></m:OrderNotification></soap:Body></soap:Envelope>';

export const BOUNDARY = '----WebKitFormBoundary7MA4YWxkTrZu0gW';

const enc = new TextEncoder();

export function concat(...chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** How the core stores a body that is not valid UTF-8 (see src-main/core/body-codec.ts). */
export function base64Of(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** A browser-style upload: two text fields and a PNG-like binary file with every byte value in it. */
export function multipartUpload(): { body: Uint8Array; file: Uint8Array; contentType: string } {
  const noise = crypto.getRandomValues(new Uint8Array(3000));
  const file = concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Uint8Array.from({ length: 256 }, (_, i) => i), noise, enc.encode(`\r\n--${BOUNDARY.slice(0, 10)}`));
  const body = concat(
    enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="title"\r\n\r\nHoliday photo\r\n`),
    enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="tags"\r\n\r\nbeach, sun\r\n`),
    enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; filename="beach día.png"\r\nContent-Type: image/png\r\n\r\n`),
    file,
    enc.encode(`\r\n--${BOUNDARY}--\r\n`),
  );
  return { body, file, contentType: `multipart/form-data; boundary=${BOUNDARY}` };
}
