// The throw-away TLS certificate a go-plugin server makes at start-up: ECDSA P-256, self-signed,
// valid for "localhost", usable as server, client and CA certificate, as go-plugin's own.

import * as crypto from 'node:crypto';
import * as der from './der';

export interface ServerCertificate {
  /** The certificate, DER: its base64 (no padding) goes into the handshake line. */
  certDer: Buffer;
  certPem: string;
  keyPem: string;
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  organizationName: '2.5.4.10',
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function name(): Buffer {
  const rdn = (oid: string, value: string) => der.set(der.sequence(der.objectIdentifier(oid), der.utf8String(value)));
  return der.sequence(rdn(OID.organizationName, 'HashiCorp'), rdn(OID.commonName, 'localhost'));
}

/** Makes a fresh key pair and a self-signed certificate for it (a few milliseconds). */
export function generateServerCertificate(now: Date = new Date()): ServerCertificate {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const signatureAlgorithm = der.sequence(der.objectIdentifier(OID.ecdsaWithSha256));
  // Like go-plugin: valid from 30 s ago (clock skew) for about 30 years.
  const notBefore = new Date(now.getTime() - 30_000);
  const notAfter = new Date(now.getTime() + 262_980 * 3600_000);

  // digitalSignature (bit 0), keyEncipherment (bit 2), keyCertSign (bit 5): 1010 0100, 2 unused bits.
  const keyUsage = der.bitString(Buffer.from([0xa4]), 2);
  const extensions = der.sequence(
    extension(OID.keyUsage, true, keyUsage),
    extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth), der.objectIdentifier(OID.clientAuth))),
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    // RFC 5280's method 1: SHA-1 of the public key bits (an uncompressed P-256 point ends the SPKI).
    extension(OID.subjectKeyIdentifier, false, der.octetString(crypto.createHash('sha1').update(spki.subarray(-65)).digest())),
    extension(OID.subjectAltName, false, der.sequence(der.implicitPrimitive(2, Buffer.from('localhost')))),
  );

  // A positive 128-bit serial number.
  const serial = crypto.randomBytes(16);
  serial[0] &= 0x7f;

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)), // version: v3
    der.integer(serial),
    signatureAlgorithm,
    name(), // issuer
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name(), // subject
    spki,
    der.explicit(3, extensions),
  );
  const signature = crypto.sign('sha256', tbs, privateKey); // ECDSA-Sig-Value, DER
  const certDer = der.sequence(tbs, signatureAlgorithm, der.bitString(signature));

  const b64 = certDer.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return {
    certDer,
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
