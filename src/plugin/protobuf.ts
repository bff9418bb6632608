// The generated protocol messages, configured once: 64-bit integers decode as plain numbers.
// protobufjs would otherwise return Long objects whenever it happens to find the `long` package
// at run time (in the repository, not in a plugin directory): one behaviour everywhere instead.

import * as protobuf from 'protobufjs/minimal';

export { plugin, tfplugin6 } from './protocol/generated/protocol';

(protobuf.util as { Long: unknown }).Long = undefined;
protobuf.configure();
