// scripts/release/elf.js on ELF files made here: what it removes, what it keeps byte for byte, and
// the files it refuses to touch. (release-files.test.ts checks the real executables.)
import { elfSectionNames } from './fixture';

interface ElfModule {
  stripTrailingSections(buf: Buffer): Buffer;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const elf = require('../../scripts/release/elf.js') as ElfModule;

interface Section {
  name: string;
  type: number;
  flags: number;
  data: Buffer;
  link?: number;
}

const SHF_ALLOC = 2;
const PROGBITS = 1;
const SYMTAB = 2;
const STRTAB = 3;

/** An ELF64 little-endian file: header, one PT_LOAD over the allocated sections, the sections, their header table. */
function makeElf(sections: Section[]): Buffer {
  const all = [{ name: '', type: 0, flags: 0, data: Buffer.alloc(0) }, ...sections, { name: '.shstrtab', type: STRTAB, flags: 0, data: Buffer.alloc(0) }];
  const nameOffsets: number[] = [];
  const names = Buffer.concat(all.map((s) => Buffer.from(`${s.name}\0`)));
  let at = 0;
  for (const s of all) {
    nameOffsets.push(at);
    at += s.name.length + 1;
  }
  all[all.length - 1].data = names;
  const header = Buffer.alloc(64 + 56);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header[6] = 1;
  header.writeUInt16LE(2, 16); // ET_EXEC
  header.writeUInt16LE(0x3e, 18);
  header.writeBigUInt64LE(64n, 0x20); // phoff
  header.writeUInt16LE(64, 0x34);
  header.writeUInt16LE(56, 0x36);
  header.writeUInt16LE(1, 0x38);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(all.length, 0x3c);
  header.writeUInt16LE(all.length - 1, 0x3e);
  const parts: Buffer[] = [header];
  let offset = header.length;
  const offsets = all.map((s) => {
    const o = offset;
    parts.push(s.data);
    offset += s.data.length;
    return o;
  });
  const allocEnd = Math.max(...all.map((s, i) => (s.flags & SHF_ALLOC ? offsets[i] + s.data.length : 0)));
  header.writeUInt32LE(1, 64); // PT_LOAD
  header.writeBigUInt64LE(0n, 64 + 8);
  header.writeBigUInt64LE(BigInt(allocEnd), 64 + 0x20);
  const pad = (8 - (offset % 8)) % 8;
  parts.push(Buffer.alloc(pad));
  header.writeBigUInt64LE(BigInt(offset + pad), 0x28);
  const table = Buffer.alloc(all.length * 64);
  all.forEach((s, i) => {
    table.writeUInt32LE(nameOffsets[i], i * 64);
    table.writeUInt32LE(s.type, i * 64 + 4);
    table.writeBigUInt64LE(BigInt(s.flags), i * 64 + 8);
    table.writeBigUInt64LE(BigInt(offsets[i]), i * 64 + 0x18);
    table.writeBigUInt64LE(BigInt(s.data.length), i * 64 + 0x20);
    table.writeUInt32LE(s.link ?? 0, i * 64 + 0x28);
  });
  parts.push(table);
  return Buffer.concat(parts);
}

const text = Buffer.alloc(100, 0xc3);
const data = Buffer.from('data of the program');

test('removes the trailing sections nothing loads, and keeps every loaded byte', () => {
  const input = makeElf([
    { name: '.text', type: PROGBITS, flags: SHF_ALLOC | 4, data: text },
    { name: '.data', type: PROGBITS, flags: SHF_ALLOC | 1, data },
    { name: '.comment', type: PROGBITS, flags: 0x30, data: Buffer.from('GCC\0') },
    { name: '.debug_info', type: PROGBITS, flags: 0, data: Buffer.alloc(5000, 1) },
    { name: '.symtab', type: SYMTAB, flags: 0, data: Buffer.alloc(2400, 2), link: 6 },
    { name: '.strtab', type: STRTAB, flags: 0, data: Buffer.alloc(3000, 3) },
  ]);
  const out = elf.stripTrailingSections(input);
  expect(elfSectionNames(out)).toEqual(['', '.text', '.data', '.shstrtab']);
  expect(out.length).toBeLessThan(input.length - 10_000);
  // Everything up to the end of the loaded sections is unchanged, but the header's table fields.
  const loadedEnd = 64 + 56 + text.length + data.length;
  expect(out.subarray(0x40, loadedEnd).equals(input.subarray(0x40, loadedEnd))).toBe(true);
  expect(out.subarray(0, 0x28).equals(input.subarray(0, 0x28))).toBe(true);
  // Nothing left to remove: the same buffer back.
  expect(elf.stripTrailingSections(out)).toBe(out);
});

test('refuses a file where a kept section links to one it would remove', () => {
  const input = makeElf([
    { name: '.text', type: PROGBITS, flags: SHF_ALLOC | 4, data: text },
    { name: '.rela.text', type: 4, flags: SHF_ALLOC, data: Buffer.alloc(24), link: 3 },
    { name: '.symtab', type: SYMTAB, flags: 0, data: Buffer.alloc(48) },
  ]);
  expect(() => elf.stripTrailingSections(input)).toThrow('a kept ELF section links to a removed one');
  expect(() => elf.stripTrailingSections(Buffer.from('MZ not an elf file at all, padded to length 64 ............'))).toThrow('not an ELF file');
});
