// The generated protocol module must match its .proto sources (npm run build regenerates it).

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isProtocolCurrent } = require('../../../scripts/protocol') as { isProtocolCurrent(): boolean };

it('src/plugin/protocol/generated is current with the .proto files (run `node scripts/protocol.js`)', () => {
  expect(isProtocolCurrent()).toBe(true);
});
