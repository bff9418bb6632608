// The DER encoder and the start-up certificate: node:crypto must parse it, verify its signature,
// and find what go-plugin's client expects (localhost, server and client auth, a CA).

import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { generateServerCertificate } from './cert';
import * as der from './der';

const hex = (b: Buffer) => b.toString('hex');

/** The content bytes of a certificate's serialNumber: Certificate → TBSCertificate → [0] version → INTEGER. */
function serialContent(certDer: Buffer): Buffer {
  let at = 0;
  const header = () => {
    const tag = certDer[at++];
    let len = certDer[at++];
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + certDer[at++];
    }
    return { tag, len };
  };
  header(); // Certificate SEQUENCE
  header(); // TBSCertificate SEQUENCE
  const version = header(); // [0] EXPLICIT version
  expect(version.tag).toBe(0xa0);
  at += version.len;
  const serial = header();
  expect(serial.tag).toBe(0x02);
  return certDer.subarray(at, at + serial.len);
}

describe('DER encoder', () => {
  it('encodes non-negative integers minimally, with a sign byte when needed', () => {
    expect(hex(der.integer(0))).toBe('020100');
    expect(hex(der.integer(127))).toBe('02017f');
    expect(hex(der.integer(128))).toBe('02020080');
    expect(hex(der.integer(256))).toBe('02020100');
    expect(hex(der.integer(Buffer.from([0, 0, 1])))).toBe('020101');
  });

  it('uses the long length form from 128 bytes on', () => {
    expect(hex(der.octetString(Buffer.alloc(127))).slice(0, 4)).toBe('047f');
    expect(hex(der.octetString(Buffer.alloc(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(der.octetString(Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
  });

  it('encodes object identifiers in base 128', () => {
    expect(hex(der.objectIdentifier('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
    expect(hex(der.objectIdentifier('2.5.29.17'))).toBe('0603551d11');
  });

  it('writes UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(der.time(new Date('2026-11-28T15:04:05Z')).toString('latin1')).toBe('\x17\x0d261128150405Z');
    expect(der.time(new Date('2056-01-02T03:04:05Z')).toString('latin1')).toBe('\x18\x0f20560102030405Z');
  });

  it('encodes booleans, bit strings and context tags', () => {
    expect(hex(der.boolean(true))).toBe('0101ff');
    expect(hex(der.bitString(Buffer.from([0xa4]), 2))).toBe('030202a4');
    expect(hex(der.explicit(0, der.integer(2)))).toBe('a003020102');
    expect(hex(der.implicitPrimitive(2, Buffer.from('a')))).toBe('820161');
  });
});

describe('server certificate', () => {
  const cert = generateServerCertificate(new Date('2026-11-28T12:00:00Z'));
  const x509 = new X509Certificate(cert.certDer);

  it('parses, and its signature verifies with its own key', () => {
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(new X509Certificate(cert.certPem).fingerprint256).toBe(x509.fingerprint256);
  });

  it('is for localhost, a CA, with server and client auth', () => {
    expect(x509.subjectAltName).toBe('DNS:localhost');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.ca).toBe(true);
    expect(x509.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(x509.subject).toContain('CN=localhost');
    expect(x509.issuer).toBe(x509.subject);
  });

  it('is valid from just before now for decades', () => {
    expect(new Date(x509.validFrom).getTime()).toBe(new Date('2026-11-28T11:59:30Z').getTime());
    expect(new Date(x509.validTo).getUTCFullYear()).toBe(2056);
  });

  it('has a positive serial number and a key that pairs with it', () => {
    // Go (Terraform) rejects negative serials: the DER integer's first content byte must be < 0x80.
    for (let i = 0; i < 300; i++) {
      const serial = serialContent(generateServerCertificate().certDer);
      expect(serial[0]).toBeLessThan(0x80);
      expect(serial.length).toBeLessThanOrEqual(17);
    }
    expect(() => tls.createSecureContext({ key: cert.keyPem, cert: cert.certPem })).not.toThrow();
  });

  it('is different every time', () => {
    expect(generateServerCertificate().certDer.equals(generateServerCertificate().certDer)).toBe(false);
  });
});
