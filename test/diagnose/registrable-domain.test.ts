import { describe, expect, it } from 'vitest';
import { registrableDomain, sameRegistrableDomain } from '../../src/diagnose/registrable-domain.js';

describe('registrableDomain', () => {
  it.each([
    ['registry-1.docker.io', 'docker.io'],
    ['archive.ubuntu.com', 'ubuntu.com'],
    ['ubuntu.com', 'ubuntu.com'],
    ['www.example.co.uk', 'example.co.uk'],
    ['mirror.aarnet.edu.au', 'aarnet.edu.au'],
    ['ftp.jaist.ac.jp', 'jaist.ac.jp'],
    ['a.b.example.de', 'example.de'],
    ['Example.COM.', 'example.com'],
    ['203.0.113.5', '203.0.113.5'],
    ['[2001:db8::1]', '2001:db8::1'],
  ])('%s -> %s', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });

  it('tells a captive portal on another domain from a sibling host', () => {
    expect(sameRegistrableDomain('security.ubuntu.com', 'www.ubuntu.com')).toBe(true);
    expect(sameRegistrableDomain('security.ubuntu.com', 'login.portal.example.net')).toBe(false);
    expect(sameRegistrableDomain('example.co.uk', 'other.co.uk')).toBe(false);
  });
});
