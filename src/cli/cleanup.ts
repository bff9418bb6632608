// Clean-up on Ctrl-C and SIGTERM for the CLI commands: stop the terraform child in flight, remove
// temporary folders (a plan file there holds secrets), stop the emulator — then exit 130 / 143.
type Task = () => void | Promise<void>;

const tasks = new Set<Task>();
let installed = false;

/** Registers a clean-up step; returns a function that unregisters it once it is no longer needed. */
export function onInterrupt(task: Task): () => void {
  install();
  tasks.add(task);
  return () => tasks.delete(task);
}

/** How long the clean-up may take before the process exits anyway. */
const GRACE_MS = 10_000;

function install(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up…\n`);
      const timer = setTimeout(() => process.exit(code), GRACE_MS);
      // Newest first, one after another: a child stops before the folder it works in is removed.
      void (async () => {
        for (const task of [...tasks].reverse()) await Promise.resolve().then(task).catch(() => undefined);
        clearTimeout(timer);
        process.exit(code);
      })();
    });
  }
}

/** A clean-up step that interrupts a child process and waits for it to exit. */
export function interruptChild(child: import('node:child_process').ChildProcess): Task {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('close', () => resolve());
      // Terraform stops gracefully on SIGINT (it saves state and releases locks).
      child.kill('SIGINT');
    });
}
