// Certificates and password files for the real servers, made with the openssl command line
// (the same tool a site's admin would use, and what squid's and sshd's docs show).
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './proc.js';

export interface TestCa {
  readonly commonName: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
}

export interface IssuedCert {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
}

const serial = (): string => `0x${randomBytes(8).toString('hex')}`;

/** A self-signed root CA (EC P-256, ten years) written as `<base>.crt` / `<base>.key` in `dir`. */
export async function createCa(dir: string, commonName: string, base = 'ca'): Promise<TestCa> {
  const certPath = join(dir, `${base}.crt`);
  const keyPath = join(dir, `${base}.key`);
  await run('openssl', [
    'req', '-x509', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-keyout', keyPath, '-out', certPath, '-days', '3650', '-set_serial', serial(),
    '-subj', `/O=netreq tests/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { commonName, certPath, keyPath, certPem: await readFile(certPath, 'utf8') };
}

export interface LeafOptions {
  readonly commonName: string;
  readonly dnsNames?: readonly string[];
  readonly ips?: readonly string[];
  /** Validity in days from now (default 365). */
  readonly days?: number;
}

/** A server certificate signed by `ca`, written as `<base>.crt` / `<base>.key` in `dir`. */
export async function issueCert(ca: TestCa, dir: string, opts: LeafOptions, base = 'server'): Promise<IssuedCert> {
  const certPath = join(dir, `${base}.crt`);
  const keyPath = join(dir, `${base}.key`);
  const csrPath = join(dir, `${base}.csr`);
  const extPath = join(dir, `${base}.ext`);
  const san = [...(opts.dnsNames ?? [opts.commonName]).map((n) => `DNS:${n}`), ...(opts.ips ?? []).map((i) => `IP:${i}`)];
  await writeFile(
    extPath,
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=${san.join(',')}`,
      '',
    ].join('\n'),
  );
  await run('openssl', [
    'req', '-new', '-nodes', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-keyout', keyPath, '-out', csrPath, '-subj', `/CN=${opts.commonName}`,
  ]);
  await run('openssl', [
    'x509', '-req', '-in', csrPath, '-CA', ca.certPath, '-CAkey', ca.keyPath, '-set_serial', serial(),
    '-days', String(opts.days ?? 365), '-extfile', extPath, '-out', certPath,
  ]);
  const leafPem = await readFile(certPath, 'utf8');
  return { certPath, keyPath, certPem: leafPem };
}

/** One htpasswd line (Apache MD5, which squid's basic_ncsa_auth accepts). */
export async function htpasswdLine(user: string, password: string): Promise<string> {
  const hash = (await run('openssl', ['passwd', '-apr1', password])).trim();
  return `${user}:${hash}`;
}
