// The Workato provider through the standalone snapshot's warm-up (src/plugin/warm-up.ts): nothing
// a snapshot cannot hold may run while it is being built.
import { warmUp } from '../plugin/warm-up';
import { workatoProvider } from './provider';

test('runs the Workato provider without a socket, a timer or an environment variable', async () => {
  const read: string[] = [];
  const realEnv = process.env;
  process.env = new Proxy(realEnv, { get: (t, k) => (typeof k === 'string' && read.push(k), Reflect.get(t, k)) });
  const timers = jest.spyOn(global, 'setTimeout');
  const net = jest.requireActual<typeof import('node:net')>('node:net');
  const connect = jest.spyOn(net.Socket.prototype, 'connect');
  try {
    await warmUp(workatoProvider());
  } finally {
    process.env = realEnv;
  }
  expect(read).toEqual([]);
  expect(timers).not.toHaveBeenCalled();
  expect(connect).not.toHaveBeenCalled();
  timers.mockRestore();
  connect.mockRestore();
});
