/**
 * The few fields of an X.509 certificate that chain verification needs and `X509Certificate` does
 * not expose (or exposes only as text): the issuer and subject as OpenSSL compares them, the exact
 * validity, and the extensions that decide who may issue what. Read from the DER with a minimal
 * reader: no field is converted that is not needed.
 */

/** One DER element: its tag and where its contents are. */
interface Element {
  readonly tag: number;
  readonly start: number;
  readonly end: number;
}

function element(der: Uint8Array, offset: number, limit: number): Element {
  if (offset + 2 > limit) throw new Error('truncated DER');
  const tag = der[offset] ?? 0;
  let length = der[offset + 1] ?? 0;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i += 1) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  const end = start + length;
  if (end > limit) throw new Error('truncated DER');
  return { tag, start, end };
}

function children(der: Uint8Array, parent: Element): Element[] {
  const list: Element[] = [];
  let offset = parent.start;
  while (offset < parent.end) {
    const child = element(der, offset, parent.end);
    list.push(child);
    offset = child.end;
  }
  return list;
}

function hex(der: Buffer, e: Element): string {
  return der.toString('hex', e.start, e.end);
}

/** String types OpenSSL canonicalises when it compares names (ASN1_MASK_CANON). */
function decodeString(der: Buffer, e: Element): string | undefined {
  switch (e.tag) {
    case 0x0c: // UTF8String
      return der.toString('utf8', e.start, e.end);
    case 0x13: // PrintableString
    case 0x14: // T61String
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      return der.toString('latin1', e.start, e.end);
    case 0x1e: // BMPString
      return Buffer.from(der.subarray(e.start, e.end)).swap16().toString('utf16le');
    case 0x1c: {
      // UniversalString (UTF-32BE)
      let text = '';
      for (let i = e.start; i + 3 < e.end; i += 4) text += String.fromCodePoint(der.readUInt32BE(i));
      return text;
    }
    default:
      return undefined;
  }
}

/**
 * A Name as OpenSSL's X509_NAME_cmp sees it (x509_name_canon): each string value in UTF-8, ASCII
 * lower-cased, runs of white space made one space, leading and trailing space dropped; other
 * types compared as they are encoded.
 */
function canonicalName(der: Buffer, name: Element): string {
  const rdns: string[] = [];
  for (const rdn of children(der, name)) {
    const values: string[] = [];
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      if (!type || !value) throw new Error('bad AttributeTypeAndValue');
      const text = decodeString(der, value);
      const canon = text === undefined ? `#${value.tag.toString(16)}:${hex(der, value)}` : canonicalText(text);
      values.push(`${hex(der, type)}=${canon}`);
    }
    rdns.push(values.join('\u0001'));
  }
  return rdns.join('\u0000');
}

/** ASCII lower case only (ossl_tolower), white space runs made one space, trimmed. */
function canonicalText(text: string): string {
  const spaced = /[\t\n\v\f\r]| {2}|^ | $/.test(text) ? text.replace(/[\t\n\v\f\r ]+/g, ' ').trim() : text;
  return /[A-Z]/.test(spaced) ? spaced.replace(/[A-Z]+/g, (s) => s.toLowerCase()) : spaced;
}

function derTime(der: Buffer, e: Element): number {
  const text = der.toString('latin1', e.start, e.end);
  // UTCTime YYMMDDHHMMSSZ (RFC 5280: 50–99 are 19xx), GeneralizedTime YYYYMMDDHHMMSSZ.
  const match = e.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text);
  if (!match) throw new Error(`unsupported time ${text}`);
  const [, y, mo, d, h, mi, s] = match;
  let year = Number(y);
  if (e.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  return Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
}

/** Key usage bits as OpenSSL numbers them (KU_KEY_CERT_SIGN = 0x0004 ...). */
export const KU_DIGITAL_SIGNATURE = 0x0080;
export const KU_KEY_ENCIPHERMENT = 0x0020;
export const KU_KEY_AGREEMENT = 0x0008;
export const KU_KEY_CERT_SIGN = 0x0004;

export const EKU_SERVER_AUTH = '2b06010505070301'; // 1.3.6.1.5.5.7.3.1
export const EKU_MS_SGC = '2b0601040182370a0303'; // 1.3.6.1.4.1.311.10.3.3
export const EKU_NS_SGC = '6086480186f8420401'; // 2.16.840.1.113730.4.1

export interface CertFields {
  readonly version: number;
  /** The issuer and subject as encoded (latin1 of their DER): equal encodings are equal names. */
  readonly rawIssuer: string;
  readonly rawSubject: string;
  /** Canonical issuer and subject (equal strings: X509_NAME_cmp says equal), made when first asked. */
  readonly issuer: () => string;
  readonly subject: () => string;
  readonly notBefore: number;
  readonly notAfter: number;
  /** Basic constraints: absent, or CA and its path length (-1 for none). */
  readonly basicConstraints?: { readonly ca: boolean; readonly pathLength: number };
  /** Key usage bits, OpenSSL's numbering; absent without the extension. */
  readonly keyUsage?: number;
  /** Extended key usage OIDs (hex of the DER contents); absent without the extension. */
  readonly extendedKeyUsage?: readonly string[];
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
}

const OID_BASIC_CONSTRAINTS = '551d13';
const OID_KEY_USAGE = '551d0f';
const OID_EXT_KEY_USAGE = '551d25';
const OID_SUBJECT_KEY_ID = '551d0e';
const OID_AUTHORITY_KEY_ID = '551d23';

function tbsOf(der: Buffer): { tbs: Element[]; version: number; issuer: Element; validity: Element; subject: Element } {
  const cert = element(der, 0, der.length);
  const tbsElement = element(der, cert.start, cert.end);
  const tbs = children(der, tbsElement);
  let index = 0;
  let version = 1;
  if (tbs[0]?.tag === 0xa0) {
    const inner = children(der, tbs[0])[0];
    version = inner ? (der[inner.end - 1] ?? 0) + 1 : 1;
    index = 1;
  }
  const issuer = tbs[index + 2];
  const validity = tbs[index + 3];
  const subject = tbs[index + 4];
  if (!issuer || !validity || !subject) throw new Error('short TBSCertificate');
  return { tbs, version, issuer, validity, subject };
}

/** The subject as encoded (latin1 of its DER), read without the rest: what trust anchors are indexed by. */
export function rawSubject(der: Buffer): string {
  const { subject } = tbsOf(der);
  return der.toString('latin1', subject.start, subject.end);
}

function lazy(make: () => string): () => string {
  let value: string | undefined;
  return () => (value ??= make());
}

/** The subject, canonical, read without the rest. */
export function canonicalSubject(der: Buffer): string {
  return canonicalName(der, tbsOf(der).subject);
}

/** Throws for DER it cannot read; the caller treats such a certificate as unusable. */
export function certFields(der: Buffer): CertFields {
  const { tbs, version, issuer, validity, subject } = tbsOf(der);
  const [notBefore, notAfter] = children(der, validity);
  if (!notBefore || !notAfter) throw new Error('bad validity');
  const fields: {
    -readonly [K in keyof CertFields]: CertFields[K];
  } = {
    version,
    rawIssuer: der.toString('latin1', issuer.start, issuer.end),
    rawSubject: der.toString('latin1', subject.start, subject.end),
    issuer: lazy(() => canonicalName(der, issuer)),
    subject: lazy(() => canonicalName(der, subject)),
    notBefore: derTime(der, notBefore),
    notAfter: derTime(der, notAfter),
  };
  const extensions = tbs.find((e) => e.tag === 0xa3);
  const list = extensions ? children(der, extensions)[0] : undefined;
  for (const extension of list ? children(der, list) : []) {
    const parts = children(der, extension);
    const oid = parts[0];
    const value = parts[parts.length - 1];
    if (!oid || !value || value.tag !== 0x04) continue;
    const body = element(der, value.start, value.end);
    switch (hex(der, oid)) {
      case OID_BASIC_CONSTRAINTS: {
        let ca = false;
        let pathLength = -1;
        for (const item of children(der, body)) {
          if (item.tag === 0x01) ca = der[item.start] !== 0;
          else if (item.tag === 0x02) pathLength = Number.parseInt(hex(der, item) || '0', 16);
        }
        fields.basicConstraints = { ca, pathLength: ca ? pathLength : -1 };
        break;
      }
      case OID_KEY_USAGE: {
        // BIT STRING: first byte unused bits, then bits from digitalSignature (0x80 of the first byte).
        const first = body.end - body.start > 1 ? (der[body.start + 1] ?? 0) : 0;
        const second = body.end - body.start > 2 ? (der[body.start + 2] ?? 0) : 0;
        fields.keyUsage = first | (second << 8);
        break;
      }
      case OID_EXT_KEY_USAGE:
        fields.extendedKeyUsage = children(der, body).map((e) => hex(der, e));
        break;
      case OID_SUBJECT_KEY_ID:
        fields.subjectKeyId = hex(der, body);
        break;
      case OID_AUTHORITY_KEY_ID: {
        const keyId = children(der, body).find((e) => e.tag === 0x80);
        if (keyId) fields.authorityKeyId = hex(der, keyId);
        break;
      }
      default:
        break;
    }
  }
  return fields;
}

/** The DER of a PEM certificate. */
export function pemDer(pem: string): Buffer {
  const begin = pem.indexOf('-----BEGIN CERTIFICATE-----');
  const end = pem.indexOf('-----END CERTIFICATE-----');
  // Node's base64 decoder skips line breaks and other white space.
  return Buffer.from(begin >= 0 && end > begin ? pem.slice(begin + 27, end) : pem, 'base64');
}
