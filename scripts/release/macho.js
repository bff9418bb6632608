// Mach-O ad-hoc code signing, written from Apple's published formats (<mach-o/loader.h>, the
// xnu `cs_blobs.h` code-signing blobs): after the SEA blob is injected, the darwin executables get
// an LC_CODE_SIGNATURE whose SuperBlob holds a CodeDirectory with the SHA-256 of every 4 KiB page,
// an empty requirement set and an empty CMS slot, which is what `codesign --sign -` writes.
'use strict';

const crypto = require('node:crypto');

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CPU_TYPE = { x86_64: 0x01000007, arm64: 0x0100000c };

// Code-signing blobs (big-endian).
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSMAGIC_REQUIREMENTS = 0xfade0c01;
const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
const CSSLOT_CODEDIRECTORY = 0;
const CSSLOT_REQUIREMENTS = 2;
const CSSLOT_SIGNATURESLOT = 0x10000;
const CS_ADHOC = 0x2;
const CS_HASHTYPE_SHA256 = 2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const CODEDIRECTORY_VERSION = 0x20400; // has the exec-segment fields
const CODEDIRECTORY_HEADER = 88;
const PAGE_SHIFT = 12; // 4 KiB code pages, also on arm64
const PAGE_SIZE = 1 << PAGE_SHIFT;
const HASH_SIZE = 32;
const SPECIAL_SLOTS = 2; // -1 Info.plist (none), -2 requirements

/** The parts of a 64-bit Mach-O file's header and load commands that signing needs. */
function parseMachO(buf) {
  if (buf.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('not a 64-bit little-endian Mach-O file');
  const header = { cputype: buf.readUInt32LE(4), filetype: buf.readUInt32LE(12), ncmds: buf.readUInt32LE(16), sizeofcmds: buf.readUInt32LE(20) };
  const commands = [];
  let off = 32;
  for (let i = 0; i < header.ncmds; i++) {
    const cmd = buf.readUInt32LE(off);
    const cmdsize = buf.readUInt32LE(off + 4);
    const c = { cmd, cmdsize, offset: off };
    if (cmd === LC_SEGMENT_64) {
      c.segname = buf.toString('latin1', off + 8, off + 24).replace(/\0+$/, '');
      c.vmaddr = Number(buf.readBigUInt64LE(off + 24));
      c.vmsize = Number(buf.readBigUInt64LE(off + 32));
      c.fileoff = Number(buf.readBigUInt64LE(off + 40));
      c.filesize = Number(buf.readBigUInt64LE(off + 48));
      c.nsects = buf.readUInt32LE(off + 64);
      c.sections = [];
      for (let s = 0; s < c.nsects; s++) {
        const so = off + 72 + s * 80;
        c.sections.push({ sectname: buf.toString('latin1', so, so + 16).replace(/\0+$/, ''), offset: buf.readUInt32LE(so + 48), size: Number(buf.readBigUInt64LE(so + 40)) });
      }
    } else if (cmd === LC_CODE_SIGNATURE) {
      c.dataoff = buf.readUInt32LE(off + 8);
      c.datasize = buf.readUInt32LE(off + 12);
    }
    commands.push(c);
    off += cmdsize;
  }
  const segments = commands.filter((c) => c.cmd === LC_SEGMENT_64);
  return {
    header,
    commands,
    segments,
    text: segments.find((s) => s.segname === '__TEXT'),
    linkedit: segments.find((s) => s.segname === '__LINKEDIT'),
    codeSignature: commands.find((c) => c.cmd === LC_CODE_SIGNATURE),
    loadCommandsEnd: 32 + header.sizeofcmds,
  };
}

const align = (n, a) => Math.ceil(n / a) * a;

function u32be(...values) {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

/** The SHA-256 of every PAGE_SIZE page of `buf` up to `codeLimit` (the last page may be short). */
function pageHashes(buf, codeLimit) {
  const hashes = [];
  for (let p = 0; p < codeLimit; p += PAGE_SIZE) {
    hashes.push(crypto.createHash('sha256').update(buf.subarray(p, Math.min(p + PAGE_SIZE, codeLimit))).digest());
  }
  return hashes;
}

function codeDirectory({ identifier, codeLimit, hashes, requirementsHash, execSegLimit }) {
  const ident = Buffer.from(`${identifier}\0`, 'latin1');
  const identOffset = CODEDIRECTORY_HEADER;
  const hashOffset = identOffset + ident.length + SPECIAL_SLOTS * HASH_SIZE;
  const length = hashOffset + hashes.length * HASH_SIZE;
  const h = Buffer.alloc(CODEDIRECTORY_HEADER);
  h.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  h.writeUInt32BE(length, 4);
  h.writeUInt32BE(CODEDIRECTORY_VERSION, 8);
  h.writeUInt32BE(CS_ADHOC, 12);
  h.writeUInt32BE(hashOffset, 16);
  h.writeUInt32BE(identOffset, 20);
  h.writeUInt32BE(SPECIAL_SLOTS, 24);
  h.writeUInt32BE(hashes.length, 28);
  h.writeUInt32BE(codeLimit, 32);
  h.writeUInt8(HASH_SIZE, 36);
  h.writeUInt8(CS_HASHTYPE_SHA256, 37);
  h.writeUInt8(0, 38); // platform
  h.writeUInt8(PAGE_SHIFT, 39);
  // 40 spare2, 44 scatterOffset, 48 teamOffset, 52 spare3, 56 codeLimit64: all 0
  h.writeBigUInt64BE(0n, 64); // execSegBase: __TEXT starts the file
  h.writeBigUInt64BE(BigInt(execSegLimit), 72);
  h.writeBigUInt64BE(BigInt(CS_EXECSEG_MAIN_BINARY), 80);
  // Special slots sit just before hashOffset in reverse order: -2 (requirements), then -1 (Info.plist, none).
  const special = Buffer.concat([requirementsHash, Buffer.alloc(HASH_SIZE)]);
  return Buffer.concat([h, ident, special, ...hashes]);
}

function superBlob(blobs) {
  const indexSize = 12 + 8 * blobs.length;
  let offset = indexSize;
  const index = [];
  for (const { type, data } of blobs) {
    index.push(u32be(type, offset));
    offset += data.length;
  }
  return Buffer.concat([u32be(CSMAGIC_EMBEDDED_SIGNATURE, offset, blobs.length), ...index, ...blobs.map((b) => b.data)]);
}

function signatureSize(codeLimit, identifier) {
  const pages = Math.ceil(codeLimit / PAGE_SIZE);
  const cd = CODEDIRECTORY_HEADER + identifier.length + 1 + (SPECIAL_SLOTS + pages) * HASH_SIZE;
  return align(12 + 3 * 8 + cd + 12 + 8, 16);
}

/**
 * Ad-hoc signs a 64-bit Mach-O executable (a Buffer; returns a new Buffer). An existing
 * LC_CODE_SIGNATURE (Node's own, made invalid by the injection) is reused and its data replaced;
 * without one, a new load command is added in the padding after the load commands. Either way the
 * signature becomes the last bytes of the file and of __LINKEDIT, whose sizes are rewritten.
 */
function adhocSign(input, { identifier }) {
  let buf = Buffer.from(input);
  let m = parseMachO(buf);
  if (!m.linkedit) throw new Error('Mach-O file has no __LINKEDIT segment');
  const pageAlign = m.header.cputype === CPU_TYPE.arm64 ? 0x4000 : 0x1000;
  let lcOffset;
  let dataoff;
  if (m.codeSignature) {
    lcOffset = m.codeSignature.offset;
    dataoff = m.codeSignature.dataoff;
    // Everything after dataoff is dropped below, so the old signature must be the file's tail.
    if (m.codeSignature.dataoff + m.codeSignature.datasize !== m.linkedit.fileoff + m.linkedit.filesize) {
      throw new Error('the existing code signature is not at the end of __LINKEDIT');
    }
  } else {
    const firstSection = Math.min(...m.segments.flatMap((s) => s.sections.filter((x) => x.offset > 0).map((x) => x.offset)));
    if (m.loadCommandsEnd + 16 > firstSection) throw new Error('no room for an LC_CODE_SIGNATURE load command');
    lcOffset = m.loadCommandsEnd;
    buf.writeUInt32LE(m.header.ncmds + 1, 16);
    buf.writeUInt32LE(m.header.sizeofcmds + 16, 20);
    buf.writeUInt32LE(LC_CODE_SIGNATURE, lcOffset);
    buf.writeUInt32LE(16, lcOffset + 4);
    dataoff = align(m.linkedit.fileoff + m.linkedit.filesize, 16);
  }
  const datasize = signatureSize(dataoff, identifier);
  // Truncate (or pad) the file to dataoff, then fix the load command and __LINKEDIT before hashing.
  const body = Buffer.alloc(dataoff);
  buf.copy(body, 0, 0, Math.min(dataoff, buf.length));
  buf = body;
  buf.writeUInt32LE(dataoff, lcOffset + 8);
  buf.writeUInt32LE(datasize, lcOffset + 12);
  m = parseMachO(buf);
  const linkeditEnd = dataoff + datasize;
  buf.writeBigUInt64LE(BigInt(linkeditEnd - m.linkedit.fileoff), m.linkedit.offset + 48);
  buf.writeBigUInt64LE(BigInt(align(linkeditEnd - m.linkedit.fileoff, pageAlign)), m.linkedit.offset + 32);

  const requirements = u32be(CSMAGIC_REQUIREMENTS, 12, 0);
  const cd = codeDirectory({
    identifier,
    codeLimit: dataoff,
    hashes: pageHashes(buf, dataoff),
    requirementsHash: crypto.createHash('sha256').update(requirements).digest(),
    execSegLimit: m.text.filesize,
  });
  const sig = superBlob([
    { type: CSSLOT_CODEDIRECTORY, data: cd },
    { type: CSSLOT_REQUIREMENTS, data: requirements },
    { type: CSSLOT_SIGNATURESLOT, data: u32be(CSMAGIC_BLOBWRAPPER, 8) },
  ]);
  if (sig.length > datasize) throw new Error(`internal: signature of ${sig.length} bytes exceeds its ${datasize} reserved`);
  const out = Buffer.alloc(linkeditEnd);
  buf.copy(out);
  sig.copy(out, dataoff);
  return out;
}

/**
 * Reads and checks an embedded ad-hoc signature: returns its parts and a list of problems (empty
 * when valid). Checks the load command, that the signature ends __LINKEDIT and the file, the
 * SuperBlob index, the CodeDirectory fields, the requirements hash and every page hash.
 */
function verifySignature(buf) {
  const problems = [];
  const m = parseMachO(buf);
  const cs = m.codeSignature;
  if (!cs) return { problems: ['no LC_CODE_SIGNATURE load command'] };
  if (cs.dataoff % 16 !== 0) problems.push(`dataoff ${cs.dataoff} is not 16-byte aligned`);
  if (cs.dataoff + cs.datasize !== buf.length) problems.push(`signature ends at ${cs.dataoff + cs.datasize}, file at ${buf.length}`);
  if (m.linkedit.fileoff + m.linkedit.filesize !== cs.dataoff + cs.datasize) problems.push('the signature is not the end of __LINKEDIT');
  if (m.linkedit.vmsize < m.linkedit.filesize) problems.push('__LINKEDIT vmsize is smaller than its filesize');
  const sb = buf.subarray(cs.dataoff, cs.dataoff + cs.datasize);
  if (sb.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE) return { problems: [...problems, 'no embedded-signature SuperBlob'] };
  const count = sb.readUInt32BE(8);
  const blobs = new Map();
  for (let i = 0; i < count; i++) {
    const type = sb.readUInt32BE(12 + i * 8);
    const off = sb.readUInt32BE(16 + i * 8);
    blobs.set(type, sb.subarray(off, off + sb.readUInt32BE(off + 4)));
  }
  const cd = blobs.get(CSSLOT_CODEDIRECTORY);
  if (!cd || cd.readUInt32BE(0) !== CSMAGIC_CODEDIRECTORY) return { problems: [...problems, 'no CodeDirectory'] };
  const f = {
    version: cd.readUInt32BE(8),
    flags: cd.readUInt32BE(12),
    hashOffset: cd.readUInt32BE(16),
    identOffset: cd.readUInt32BE(20),
    nSpecialSlots: cd.readUInt32BE(24),
    nCodeSlots: cd.readUInt32BE(28),
    codeLimit: cd.readUInt32BE(32),
    hashSize: cd.readUInt8(36),
    hashType: cd.readUInt8(37),
    pageSize: 1 << cd.readUInt8(39),
    execSegLimit: Number(cd.readBigUInt64BE(72)),
    execSegFlags: Number(cd.readBigUInt64BE(80)),
  };
  f.identifier = cd.toString('latin1', f.identOffset, cd.indexOf(0, f.identOffset));
  if (!(f.flags & CS_ADHOC)) problems.push('CodeDirectory is not ad-hoc');
  if (f.hashType !== CS_HASHTYPE_SHA256 || f.hashSize !== HASH_SIZE) problems.push('CodeDirectory does not use SHA-256');
  if (f.pageSize !== PAGE_SIZE) problems.push(`page size ${f.pageSize}, expected 4096`);
  if (f.codeLimit !== cs.dataoff) problems.push(`codeLimit ${f.codeLimit} is not the signature offset ${cs.dataoff}`);
  if (f.nCodeSlots !== Math.ceil(f.codeLimit / PAGE_SIZE)) problems.push(`${f.nCodeSlots} code slots for ${f.codeLimit} bytes`);
  if (f.execSegLimit !== m.text.filesize || !(f.execSegFlags & CS_EXECSEG_MAIN_BINARY)) problems.push('exec segment fields do not describe __TEXT of a main binary');
  let badPages = 0;
  pageHashes(buf, f.codeLimit).forEach((h, i) => {
    if (!h.equals(cd.subarray(f.hashOffset + i * HASH_SIZE, f.hashOffset + (i + 1) * HASH_SIZE))) badPages++;
  });
  if (badPages) problems.push(`${badPages} of ${f.nCodeSlots} page hashes do not match`);
  const req = blobs.get(CSSLOT_REQUIREMENTS);
  if (req) {
    const want = crypto.createHash('sha256').update(req).digest();
    if (!want.equals(cd.subarray(f.hashOffset - 2 * HASH_SIZE, f.hashOffset - HASH_SIZE))) problems.push('requirements hash (special slot -2) does not match');
  }
  return { problems, codeDirectory: f, slots: [...blobs.keys()] };
}

module.exports = { adhocSign, verifySignature, parseMachO, CPU_TYPE, PAGE_SIZE };
