// The committed protocol module (src/plugin/protocol/generated) must be exactly what its .proto
// sources make. The build never regenerates it, so this compares what is committed: regenerated
// into a temporary directory, byte for byte. After changing a .proto, run `npm run protocol`.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProtocol, isProtocolCurrent, outDir } = require('../../../scripts/protocol') as {
  generateProtocol(o: { dir: string }): boolean;
  isProtocolCurrent(): boolean;
  outDir: string;
};

it('src/plugin/protocol/generated records the hash of the current .proto files (run `npm run protocol`)', () => {
  expect(isProtocolCurrent()).toBe(true);
});

it('src/plugin/protocol/generated is byte for byte what the .proto files make (run `npm run protocol`)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'protocol-check-'));
  try {
    generateProtocol({ dir });
    for (const f of ['protocol.js', 'protocol.d.ts']) {
      const fresh = readFileSync(join(dir, f), 'utf8');
      const committed = readFileSync(join(outDir, f), 'utf8');
      // A difference fails with a short message, not two megabytes of diff.
      expect({ file: f, same: committed === fresh, length: committed.length }).toEqual({ file: f, same: true, length: fresh.length });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
