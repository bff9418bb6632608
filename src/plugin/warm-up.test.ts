// The warm-up the standalone's start-up snapshot runs (scripts/release/snapshot.js): a plan's calls,
// in memory, with nothing a snapshot cannot hold left behind.
import { makeProvider, type Calls } from '../../test/plugin/fixtures/widget-provider';
import { workatoProvider } from '../provider';
import { warmUp } from './warm-up';

test("runs each resource's validate and plan calls through the framework, and nothing that needs configuring", async () => {
  const calls: Calls = {};
  await warmUp(makeProvider({ plan: (req) => void (calls.plan ??= []).push(req) }, calls));
  expect(calls.validate).toHaveLength(2);
  expect(calls.plan!.length).toBeGreaterThanOrEqual(2);
  expect(calls.configure).toBeUndefined();
  expect(calls.read).toBeUndefined(); // unconfigured: answered with a diagnostic
});

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
