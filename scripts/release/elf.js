// Linux ELF files: Node's official linux binaries carry their symbol table and some DWARF debug
// information (about 18 MB of the 125 MB linux x64 node), which nothing at run time reads. Terraform
// hashes every file of a provider package on each command (the dependency lock file's h1: check),
// so each megabyte of the executable costs every `terraform plan` time. This removes them, as
// `strip` would, before the SEA blob is injected (postject then adds its note to the smaller file).
'use strict';

const SHF_ALLOC = 0x2;
const SHT_NOBITS = 8;

/** Reads an ELF64 little-endian header and section headers. */
function sections(buf) {
  if (buf.length < 64 || buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  if (buf[4] !== 2 || buf[5] !== 1) throw new Error('not a 64-bit little-endian ELF file');
  const shoff = Number(buf.readBigUInt64LE(0x28));
  const shentsize = buf.readUInt16LE(0x3a);
  const shnum = buf.readUInt16LE(0x3c);
  const shstrndx = buf.readUInt16LE(0x3e);
  const phoff = Number(buf.readBigUInt64LE(0x20));
  const phentsize = buf.readUInt16LE(0x36);
  const phnum = buf.readUInt16LE(0x38);
  if (shentsize !== 64 || shnum === 0 || shstrndx >= shnum) throw new Error('unexpected ELF section header table');
  const list = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * 64;
    list.push({
      header: buf.subarray(o, o + 64),
      type: buf.readUInt32LE(o + 4),
      flags: Number(buf.readBigUInt64LE(o + 8)),
      offset: Number(buf.readBigUInt64LE(o + 0x18)),
      size: Number(buf.readBigUInt64LE(o + 0x20)),
      link: buf.readUInt32LE(o + 0x28),
    });
  }
  let segmentsEnd = 0;
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    segmentsEnd = Math.max(segmentsEnd, Number(buf.readBigUInt64LE(o + 8)) + Number(buf.readBigUInt64LE(o + 0x20)));
  }
  return { list, shstrndx, segmentsEnd };
}

/**
 * `input` without the trailing sections that nothing loads: the run of non-allocated sections at
 * the end of the file (symbol table, its strings, DWARF), provided no kept section links to one of
 * them and no segment covers them. The section-name table is kept (as the last section) and the
 * section header table rewritten after it. Returns `input` itself when there is nothing to remove.
 */
function stripTrailingSections(input) {
  const { list, shstrndx, segmentsEnd } = sections(input);
  // The first removable index: every section from it on (but the name table) is non-allocated.
  let first = list.length;
  while (first > 1) {
    const s = list[first - 1];
    if (first - 1 !== shstrndx && (s.flags & SHF_ALLOC) !== 0) break;
    first--;
  }
  const removed = list.map((_, i) => i >= first && i !== shstrndx);
  if (!removed.some(Boolean)) return input;
  // Kept sections must not link to a removed one; the removed ones must lie after everything kept.
  const kept = list.map((s, i) => ({ s, i })).filter(({ i }) => !removed[i]);
  for (const { s } of kept) if (s.link !== 0 && removed[s.link]) throw new Error('a kept ELF section links to a removed one');
  const cut = Math.min(...list.filter((_, i) => removed[i]).map((s) => s.offset));
  const keptEnd = Math.max(segmentsEnd, ...kept.filter(({ i, s }) => i !== shstrndx && s.type !== SHT_NOBITS).map(({ s }) => s.offset + s.size));
  if (cut < keptEnd) throw new Error('the ELF sections to remove are not at the end of the file');

  const names = list[shstrndx];
  const namesAt = cut;
  const tableAt = Math.ceil((namesAt + names.size) / 8) * 8;
  const out = Buffer.alloc(tableAt + kept.length * 64);
  input.copy(out, 0, 0, cut);
  input.copy(out, namesAt, names.offset, names.offset + names.size);
  kept.forEach(({ s, i }, k) => {
    const o = tableAt + k * 64;
    s.header.copy(out, o);
    if (i === shstrndx) out.writeBigUInt64LE(BigInt(namesAt), o + 0x18);
  });
  out.writeBigUInt64LE(BigInt(tableAt), 0x28);
  out.writeUInt16LE(kept.length, 0x3c);
  out.writeUInt16LE(kept.findIndex(({ i }) => i === shstrndx), 0x3e);
  return out;
}

module.exports = { stripTrailingSections };
