/** A minimal DER (X.690) encoder: only the types an X.509 certificate needs, plus a reader for one element. */

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

const CONTEXT_SPECIFIC = 0x80;
const CONSTRUCTED = 0x20;
/** Tag numbers above this need the multi-byte form, which nothing here uses. */
const MAX_LOW_TAG_NUMBER = 30;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: identifier octet, length, contents. */
export function tlv(tag: number, contents: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(contents.length), contents]);
}

export function sequence(...elements: readonly Uint8Array[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(elements));
}

/** A SET OF: DER orders the members by their encodings. */
export function set(...elements: readonly Uint8Array[]): Buffer {
  const sorted = elements.map((element) => Buffer.from(element)).sort(Buffer.compare);
  return tlv(TAG.set, Buffer.concat(sorted));
}

/** A non-negative INTEGER from its big-endian magnitude (or a small number). */
export function integer(value: Uint8Array | number): Buffer {
  const magnitude = typeof value === 'number' ? numberToBytes(value) : Buffer.from(value);
  let first = 0;
  while (first < magnitude.length - 1 && magnitude[first] === 0) first++;
  const minimal = magnitude.subarray(first);
  // The high bit is the sign bit: a positive value that sets it needs a leading zero octet.
  const contents = minimal.length === 0 ? Buffer.from([0]) : (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal;
  return tlv(TAG.integer, contents);
}

function numberToBytes(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`DER integer must be a non-negative safe integer: ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from(bytes);
}

/** An OBJECT IDENTIFIER from dotted form ("1.2.840.10045.4.3.2"). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(parseArc);
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined || first > 2 || (first < 2 && second > 39)) {
    throw new RangeError(`not an object identifier: ${dotted}`);
  }
  return tlv(TAG.oid, Buffer.from([first * 40 + second, ...rest].flatMap(base128)));
}

function parseArc(arc: string): number {
  const value = Number(arc);
  if (!/^\d+$/.test(arc) || !Number.isSafeInteger(value)) throw new RangeError(`not an object identifier arc: ${arc}`);
  return value;
}

/** Seven bits an octet, most significant first, the high bit marking "more follows". */
function base128(value: number): number[] {
  const groups = [value % 128];
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) groups.unshift(0x80 | rest % 128);
  return groups;
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

export function isPrintable(text: string): boolean {
  return PRINTABLE.test(text);
}

export function printableString(text: string): Buffer {
  if (!isPrintable(text)) throw new RangeError(`not a PrintableString: ${JSON.stringify(text)}`);
  return tlv(TAG.printableString, Buffer.from(text, 'ascii'));
}

export function ia5String(text: string): Buffer {
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  if (!/^[\x00-\x7f]*$/.test(text)) throw new RangeError(`not an IA5String: ${JSON.stringify(text)}`);
  return tlv(TAG.ia5String, Buffer.from(text, 'ascii'));
}

/** X.520 DirectoryString: PrintableString when the text allows it (as most CAs write names), else UTF8String. */
export function directoryString(text: string): Buffer {
  return isPrintable(text) ? printableString(text) : utf8String(text);
}

export function bitString(bytes: Uint8Array, unusedBits = 0): Buffer {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new RangeError(`bad unused-bit count: ${unusedBits}`);
  }
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

/** A named-bit BIT STRING (bit 0 is the most significant bit of the first octet); DER drops trailing zero bits. */
export function namedBits(bits: readonly number[]): Buffer {
  if (bits.length === 0) return bitString(Buffer.alloc(0));
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return bitString(bytes, 7 - (highest % 8));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(TAG.octetString, bytes);
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/** X.509 Time: UTCTime for 1950 through 2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5); whole seconds, in UTC. */
export function time(date: Date): Buffer {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new RangeError(`date out of range: ${String(date)}`);
  const rest = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map((part) => twoDigits(part))
    .join('');
  return year >= 1950 && year <= 2049
    ? tlv(TAG.utcTime, Buffer.from(`${twoDigits(year % 100)}${rest}Z`, 'ascii'))
    : tlv(TAG.generalizedTime, Buffer.from(`${String(year).padStart(4, '0')}${rest}Z`, 'ascii'));
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

function contextTag(tagNumber: number, constructed: boolean): number {
  if (!Number.isInteger(tagNumber) || tagNumber < 0 || tagNumber > MAX_LOW_TAG_NUMBER) throw new RangeError(`unsupported tag number: ${tagNumber}`);
  return CONTEXT_SPECIFIC | (constructed ? CONSTRUCTED : 0) | tagNumber;
}

/** [n] EXPLICIT: the whole element wrapped in a constructed context-specific tag. */
export function explicit(tagNumber: number, element: Uint8Array): Buffer {
  return tlv(contextTag(tagNumber, true), element);
}

/** [n] IMPLICIT: the element's own tag replaced by a context-specific one (keeping primitive/constructed). */
export function implicit(tagNumber: number, element: Uint8Array): Buffer {
  const tag = element[0];
  if (tag === undefined || (tag & 0x1f) === 0x1f) throw new RangeError('implicit tagging needs a low-tag-number element');
  const retagged = Buffer.from(element);
  retagged[0] = contextTag(tagNumber, (tag & CONSTRUCTED) !== 0);
  return retagged;
}

export interface DerElement {
  readonly tag: number;
  readonly contents: Buffer;
  /** Offset just past the element in the buffer it was read from. */
  readonly end: number;
}

/** Reads the single-octet-tag element at `offset` (enough to take apart a SubjectPublicKeyInfo). */
export function readElement(input: Buffer, offset = 0): DerElement {
  const tag = input[offset];
  const first = input[offset + 1];
  if (tag === undefined || first === undefined || (tag & 0x1f) === 0x1f) throw new RangeError(`no DER element at ${offset}`);
  let length = first;
  let start = offset + 2;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 4) throw new RangeError(`unsupported DER length at ${offset}`);
    length = input.subarray(start, start + octets).reduce((sum, octet) => sum * 256 + octet, 0);
    start += octets;
  }
  const end = start + length;
  if (end > input.length) throw new RangeError(`DER element at ${offset} overruns its buffer`);
  return { tag, contents: input.subarray(start, end), end };
}

/** The elements inside a constructed element's contents, in order. */
export function childrenOf(contents: Buffer): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = 0; offset < contents.length;) {
    const child = readElement(contents, offset);
    children.push(child);
    offset = child.end;
  }
  return children;
}
