import { z } from 'zod';

export const Scheme = z.enum(['https', 'http', 'ssh', 'tcp', 'udp']);
export type Scheme = z.infer<typeof Scheme>;

export const Transport = z.enum(['tcp', 'udp']);
export type Transport = z.infer<typeof Transport>;

/** The application-level step run after TLS (or TCP). */
export const CheckKind = z.enum([
  'registry-v2',
  'helm-index',
  'pypi-simple',
  'apt-mirror',
  'http-any',
  'https-reachable',
  'ssh-banner',
  'tcp-open',
  'guidance',
  /** A peer running `netreq listen`: its greeting (TCP) or echo (UDP) carrying the run's token. */
  'listener',
]);
export type CheckKind = z.infer<typeof CheckKind>;
