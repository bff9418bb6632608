// Windows PE files: Node's node.exe carries an Authenticode signature that injecting the SEA blob
// invalidates (and LIEF leaves the Certificate Table entry pointing into the moved .rsrc section),
// so the signature is removed before injection, as `signtool remove /s` would.
'use strict';

const IMAGE_DIRECTORY_ENTRY_SECURITY = 4;

/** Offsets of the fields this module touches, for a PE32+ (64-bit) image. */
function layout(buf) {
  if (buf.toString('latin1', 0, 2) !== 'MZ') throw new Error('not a PE file (no MZ header)');
  const pe = buf.readUInt32LE(0x3c);
  if (buf.toString('latin1', pe, pe + 4) !== 'PE\0\0') throw new Error('not a PE file (no PE signature)');
  const opt = pe + 24;
  if (buf.readUInt16LE(opt) !== 0x20b) throw new Error('not a PE32+ image');
  return { machine: buf.readUInt16LE(pe + 4), checksum: opt + 64, security: opt + 112 + IMAGE_DIRECTORY_ENTRY_SECURITY * 8 };
}

/** The Certificate Table directory entry: { offset, size } (both 0 when unsigned). */
function certificateTable(buf) {
  const { security } = layout(buf);
  return { offset: buf.readUInt32LE(security), size: buf.readUInt32LE(security + 4) };
}

/**
 * Returns `buf` without its Authenticode signature: the Certificate Table entry zeroed, the
 * certificate data (which the format puts at the end of the file) cut off, and the optional
 * header's checksum cleared (it covers the certificate; 0 means "not computed").
 */
function stripSignature(input) {
  const { offset, size } = certificateTable(input);
  if (!offset && !size) return input;
  const end = offset + size;
  if (end < input.length - 8 || end > input.length) throw new Error('the certificate table is not at the end of the file');
  const buf = Buffer.from(input.subarray(0, offset));
  const { security, checksum } = layout(buf);
  buf.writeUInt32LE(0, security);
  buf.writeUInt32LE(0, security + 4);
  buf.writeUInt32LE(0, checksum);
  return buf;
}

module.exports = { stripSignature, certificateTable, layout };
