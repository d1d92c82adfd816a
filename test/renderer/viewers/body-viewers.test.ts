// Body viewer logic on real-world-shaped payloads: what kind each body is shown as, and that file
// parts come out with the exact bytes that were sent.
import { describe, expect, it } from 'vitest';
import { bodyBytes, bodyModel } from '../../../src-renderer/src/lib/body-view';
import { boundaryOf, parseMultipart, partText } from '../../../src-renderer/src/lib/multipart';
import { prettyXml } from '../../../src-renderer/src/lib/xml-pretty';
import { safeFileName } from '../../../src-renderer/src/lib/download';
import { BOUNDARY, base64Of, multipartUpload, sameBytes, slackForm, soapXml, stripeEvent } from './payloads';

describe('body models', () => {
  it('shows a Stripe event as a JSON tree value', () => {
    const model = bodyModel({ body: stripeEvent, bodyEncoding: 'utf8', contentType: 'application/json; charset=utf-8' });
    expect(model.kind).toBe('json');
    if (model.kind !== 'json') return;
    expect((model.value as { type: string }).type).toBe('payment_intent.succeeded');
    expect(model.pretty).toContain('\n  "data": {');
  });

  it('shows a Slack interactive form body as a table, JSON payload decoded', () => {
    const model = bodyModel({ body: slackForm, bodyEncoding: 'utf8', contentType: 'application/x-www-form-urlencoded' });
    expect(model.kind).toBe('form');
    if (model.kind !== 'form') return;
    expect(model.pairs.map(([k]) => k)).toEqual(['payload', 'token', 'team_id']);
    expect(JSON.parse(model.pairs[0]?.[1] ?? '')).toMatchObject({ type: 'block_actions', actions: [{ value: 'yes & more' }] });
  });

  it('pretty-prints SOAP XML as text, keeping CDATA and comments verbatim', () => {
    const model = bodyModel({ body: soapXml, bodyEncoding: 'utf8', contentType: 'application/soap+xml; charset=utf-8' });
    expect(model.kind).toBe('xml');
    if (model.kind !== 'xml') return;
    expect(model.pretty.split('\n')).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">',
      '  <soap:Header/>',
      '  <soap:Body>',
      '    <m:OrderNotification xmlns:m="urn:example:orders">',
      '      <m:OrderId>6735</m:OrderId>',
      '      <m:Note>',
      '        <![CDATA[<b>not markup</b>]]>',
      '      </m:Note>',
      '      <!-- sent by the ERP -->',
      '      <m:Total currency="EUR">19.90</m:Total>',
      '    </m:OrderNotification>',
      '  </soap:Body>',
      '</soap:Envelope>',
    ]);
    // Detected by content too, when the sender says text/plain.
    expect(bodyModel({ body: soapXml, bodyEncoding: 'utf8', contentType: 'text/plain' }).kind).toBe('xml');
  });

  it('leaves unbalanced or non-XML text as text', () => {
    expect(prettyXml('<a><b></a>')).toBeUndefined();
    expect(prettyXml('hello <b>')).toBeUndefined();
    expect(bodyModel({ body: '<a><b></a>', bodyEncoding: 'utf8', contentType: 'text/xml' }).kind).toBe('text');
  });

  it('shows a binary body as bytes for the hex view, and a gzip body stays binary as received', () => {
    const gz = Uint8Array.from('1f8b0800000000000003cb48cdc9c95728cf2fca490100c2a99fe70b000000'.match(/../g) ?? [], (h) => parseInt(h, 16));
    const model = bodyModel({ body: base64Of(gz), bodyEncoding: 'base64', contentType: 'application/json' });
    expect(model.kind).toBe('binary');
    if (model.kind === 'binary') expect(sameBytes(model.bytes, gz)).toBe(true);
  });
});

describe('multipart', () => {
  it('lists every part of an upload and gives the file back byte-exact', () => {
    const { body, file, contentType } = multipartUpload();
    const model = bodyModel({ body: base64Of(body), bodyEncoding: 'base64', contentType });
    expect(model.kind).toBe('multipart');
    if (model.kind !== 'multipart' || !model.result.ok) throw new Error('expected parsed parts');
    const parts = model.result.parts;
    expect(model.result.warning).toBeUndefined();
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.bytes.length])).toEqual([
      ['title', undefined, undefined, 13],
      ['tags', undefined, undefined, 10],
      ['photo', 'beach día.png', 'image/png', file.length],
    ]);
    expect(partText(parts[0])).toBe('Holiday photo');
    expect(sameBytes(parts[2].bytes, file)).toBe(true);
  });

  it('reads a quoted boundary and a text-only multipart stored as utf8', () => {
    const body = `--"x"\r\n`.replace('"x"', 'abc') + 'Content-Disposition: form-data; name="a"\r\n\r\n1\r\n--abc--';
    const model = bodyModel({ body, bodyEncoding: 'utf8', contentType: 'multipart/form-data; boundary="abc"' });
    expect(model.kind === 'multipart' && model.result.ok && model.result.parts.map((p) => partText(p))).toEqual(['1']);
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary=q1')).toBe('q1');
  });

  it('says what is wrong with a broken multipart body instead of dropping it', () => {
    const noBoundary = parseMultipart(new TextEncoder().encode('--a\r\n\r\nx'), 'multipart/form-data');
    expect(noBoundary).toEqual({ ok: false, error: expect.stringMatching(/names no boundary/) as unknown });
    const wrong = parseMultipart(new TextEncoder().encode('no boundary here'), `multipart/form-data; boundary=${BOUNDARY}`);
    expect(wrong).toEqual({ ok: false, error: expect.stringMatching(/does not occur/) as unknown });
    const { body, contentType } = multipartUpload();
    const cut = parseMultipart(body.subarray(0, body.length - 200), contentType);
    expect(cut.ok && cut.warning).toMatch(/closing boundary is missing/);
    expect(cut.ok && cut.parts).toHaveLength(3);
  });

  it('takes the RFC 5987 filename* form over the plain one', () => {
    const body = '--b\r\nContent-Disposition: form-data; name="f"; filename="plain.txt"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.txt\r\n\r\nhi\r\n--b--';
    const res = parseMultipart(new TextEncoder().encode(body), 'multipart/form-data; boundary=b');
    expect(res.ok && res.parts[0]?.filename).toBe('résumé.txt');
  });

  it('makes download names safe', () => {
    expect(safeFileName('../../etc/passwd', 'x')).toBe('.._.._etc_passwd');
    expect(safeFileName('', 'part-1.bin')).toBe('part-1.bin');
    expect(safeFileName('a\u0000b.png', 'x')).toBe('ab.png');
  });

  it('gives back the exact bytes of a stored utf8 body', () => {
    const text = 'naïve ☃ \r\n';
    expect(sameBytes(bodyBytes({ body: text, bodyEncoding: 'utf8' }), new TextEncoder().encode(text))).toBe(true);
  });
});
