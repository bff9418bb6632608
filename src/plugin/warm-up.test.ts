// The warm-up the standalone's start-up snapshot runs (scripts/release/snapshot.js): a plan's calls,
// in memory, with nothing a snapshot cannot hold left behind.
import { makeProvider, type Calls } from '../../test/plugin/fixtures/widget-provider';
import { warmUp } from './warm-up';

test("runs each resource's validate and plan calls through the framework, and nothing that needs configuring", async () => {
  const calls: Calls = {};
  await warmUp(makeProvider({ plan: (req) => void (calls.plan ??= []).push(req) }, calls));
  expect(calls.validate).toHaveLength(2);
  expect(calls.plan!.length).toBeGreaterThanOrEqual(2);
  expect(calls.configure).toBeUndefined();
  expect(calls.read).toBeUndefined(); // unconfigured: answered with a diagnostic
});
