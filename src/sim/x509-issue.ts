import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import * as der from './der.js';

/** The X.509 v3 certificates of a simulated site, built in DER and signed with node:crypto (ECDSA P-256, SHA-256). */

const SERIAL_NUMBER_BYTES = 16;

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organisationName: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

/** KeyUsage bit numbers (RFC 5280 4.2.1.3). */
const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 } as const;

/** ecdsa-with-SHA256 takes no parameters: the AlgorithmIdentifier is just the OID (RFC 5758 3.2). */
const SIGNATURE_ALGORITHM = der.sequence(der.oid(OID.ecdsaWithSha256));

export interface KeyPair {
  readonly privateKey: KeyObject;
  /** SubjectPublicKeyInfo, DER. */
  readonly spki: Buffer;
  /** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
  readonly keyIdentifier: Buffer;
}

/** A Name both as DER and as text ("CN=..., O=..."), the form reports and tests read. */
export interface DistinguishedName {
  readonly der: Buffer;
  readonly text: string;
}

export interface CertificateFields {
  readonly issuer: DistinguishedName;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectSpki: Buffer;
  readonly signingKey: KeyObject;
  readonly extensions: readonly Buffer[];
}

export function generateKeys(): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, spki, keyIdentifier: createHash('sha1').update(subjectPublicKeyBits(spki)).digest() };
}

/** SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey BIT STRING }: the key's bits, without the unused-bits octet. */
function subjectPublicKeyBits(spki: Buffer): Buffer {
  const [, subjectPublicKey] = der.childrenOf(der.readElement(spki).contents);
  if (subjectPublicKey?.tag !== der.TAG.bitString) throw new Error('SubjectPublicKeyInfo without a subjectPublicKey BIT STRING');
  return subjectPublicKey.contents.subarray(1);
}

export function distinguishedName(commonName: string, organisation?: string): DistinguishedName {
  // Characters that would need escaping in the DN string become spaces, as they always have; CA names are plain words in practice.
  const cn = commonName.replace(/[,=+"\\<>;]/g, ' ');
  const attributes: Array<[string, string]> = [[OID.commonName, cn]];
  if (organisation !== undefined) attributes.push([OID.organisationName, organisation]);
  const rdns = attributes.map(([type, value]) => der.set(der.sequence(der.oid(type), der.directoryString(value))));
  const text = organisation === undefined ? `CN=${escapeDnValue(cn)}` : `CN=${escapeDnValue(cn)}, O=${escapeDnValue(organisation)}`;
  return { der: der.sequence(...rdns), text };
}

/** RFC 4514 escapes left after the replacement above: a leading space or '#', a trailing space. */
function escapeDnValue(value: string): string {
  return value.replace(/^([ #])/, '\\$1').replace(/ $/, '\\ ');
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

const CA_EXTENSIONS = [
  extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
  extension(OID.keyUsage, true, der.namedBits([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign])),
];

const LEAF_EXTENSIONS = [
  // cA DEFAULT FALSE: DER leaves it out, so CA:false is the empty SEQUENCE.
  extension(OID.basicConstraints, true, der.sequence()),
  extension(OID.keyUsage, true, der.namedBits([KEY_USAGE.digitalSignature])),
  extension(OID.extendedKeyUsage, false, der.sequence(der.oid(OID.serverAuth))),
];

function subjectKeyIdentifier(keyIdentifier: Buffer): Buffer {
  return extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier));
}

/** AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING, ... } */
export function authorityKeyIdentifier(keyIdentifier: Buffer): Buffer {
  return extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicit(0, der.octetString(keyIdentifier))));
}

/** GeneralName: iPAddress [7] for an IP literal, dNSName [2] otherwise. */
function subjectAltName(names: readonly string[]): Buffer {
  const generalNames = names.map((name) => (isIP(name) !== 0 ? der.implicit(7, der.octetString(ipAddressBytes(name))) : der.implicit(2, der.ia5String(dnsName(name)))));
  return extension(OID.subjectAltName, false, der.sequence(...generalNames));
}

/** dNSName is IA5String: an internationalised name goes in as its A-labels (RFC 5280 7.2). */
function dnsName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this matches
  if (/^[\x00-\x7f]*$/.test(name)) return name;
  const ascii = domainToASCII(name);
  if (ascii === '') throw new Error(`cannot put ${JSON.stringify(name)} in a dNSName`);
  return ascii;
}

function ipAddressBytes(address: string): Buffer {
  return isIP(address) === 4 ? Buffer.from(address.split('.').map(Number)) : ipv6Bytes(address);
}

/** An address isIP() accepted as IPv6: '::' shorthand, an embedded dotted quad and a zone (dropped) allowed. */
function ipv6Bytes(address: string): Buffer {
  const [withoutZone = ''] = address.split('%');
  const [head = '', tail] = withoutZone.split('::');
  const left = ipv6Groups(head);
  const right = tail === undefined ? [] : ipv6Groups(tail);
  const zeros = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const bytes = Buffer.alloc(16);
  [...left, ...zeros, ...right].forEach((group, index) => bytes.writeUInt16BE(group, index * 2));
  return bytes;
}

function ipv6Groups(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [parseInt(group, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
    return [a * 256 + b, c * 256 + d];
  });
}

export function issueCertificate(fields: CertificateFields): string {
  const tbsCertificate = der.sequence(
    der.explicit(0, der.integer(2)), // v3
    der.integer(randomBytes(SERIAL_NUMBER_BYTES)),
    SIGNATURE_ALGORITHM,
    fields.issuer.der,
    der.sequence(der.time(fields.notBefore), der.time(fields.notAfter)),
    fields.subject.der,
    fields.subjectSpki,
    der.explicit(3, der.sequence(...fields.extensions)),
  );
  // Node signs ECDSA as a DER Ecdsa-Sig-Value, which is what X.509 carries.
  const signature = sign('sha256', tbsCertificate, fields.signingKey);
  return certificatePem(der.sequence(tbsCertificate, SIGNATURE_ALGORITHM, der.bitString(signature)));
}

/** No trailing newline: chains and CA bundles are joined with '\n'. */
function certificatePem(certificate: Buffer): string {
  const lines = certificate.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}

/** A CA's extensions: CA:true, keyCertSign and cRLSign, and its key identifier. */
export function caExtensions(keyIdentifier: Buffer): Buffer[] {
  return [...CA_EXTENSIONS, subjectKeyIdentifier(keyIdentifier)];
}

/** A server certificate's extensions: CA:false, digitalSignature, serverAuth, and its names. */
export function leafExtensions(names: readonly string[]): Buffer[] {
  return [...LEAF_EXTENSIONS, subjectAltName(names)];
}
