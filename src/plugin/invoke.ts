// Calling a provider author's handler: an exception becomes an error diagnostic, and a cancelled
// request (StopProvider, shutdown) gives the handler a grace period, never a hang.

import type { Diagnostics } from './framework';
import type { Logger } from './log';

/** How a handler call ended: returned, threw, or was given up on after cancellation. */
export type InvokeOutcome = 'ok' | 'threw' | 'cancelled';

export interface HandlerCall {
  /** The signal handed to the handler: aborted when the request is cancelled. */
  signal: AbortSignal;
  /** How long the handler may go on once `signal` is aborted. */
  graceMs: number;
  log: Logger;
  typeName: string;
  op: string;
  diags: Diagnostics;
}

/**
 * Runs `fn` once `signal` aborts; returns the function that stops watching. One listener per
 * signal, however many requests watch it: the signal every request in flight shares would
 * otherwise gain and lose an EventTarget listener per call, which costs more than the call.
 */
function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let watchers = abortWatchers.get(signal);
  if (!watchers) {
    const set = new Set<() => void>();
    abortWatchers.set(signal, (watchers = set));
    signal.addEventListener('abort', () => {
      for (const watcher of [...set]) watcher();
      set.clear();
    }, { once: true });
  }
  watchers.add(fn);
  return () => watchers.delete(fn);
}

const abortWatchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls a provider author's handler; an exception becomes an error diagnostic. Once the request
 * is cancelled (StopProvider, shutdown) the handler has `graceMs` to finish; after that the
 * RPC is answered with an "Operation cancelled" error and the handler is left to itself: a
 * handler that ignores its signal must not keep Terraform waiting forever.
 */
export async function invokeHandler(call: HandlerCall, fn: () => unknown): Promise<InvokeOutcome> {

  const { signal, graceMs, log, typeName, op, diags } = call;
  let abandoned = false;
  const run = (async () => fn())().then(
    () => 'ok' as const,
    (e: unknown) => {
      const fields = { tf_type_name: typeName, error: errorMessage(e), stack: e instanceof Error ? e.stack : undefined };
      if (abandoned) {
        log.warn(`Handler failed after its request was answered as cancelled: ${typeName} ${op}`, fields);
      } else {
        diags.addError(`Unexpected error in ${typeName} ${op}: ${errorMessage(e)}`);
        log.error(`Handler threw: ${typeName} ${op}`, fields);
      }
      return 'threw' as const;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  let unwatch: (() => void) | undefined;
  const cancelled = new Promise<'cancelled'>((resolve) => {
    const startGrace = () => {
      timer = setTimeout(() => resolve('cancelled'), graceMs);
    };
    if (signal.aborted) startGrace();
    else unwatch = onAbort(signal, startGrace);
  });
  try {
    const outcome = await Promise.race([run, cancelled]);
    if (outcome === 'cancelled') {
      abandoned = true;
      const reason = signal.reason instanceof Error ? signal.reason.message : 'the request was cancelled';
      const why = reason.charAt(0).toUpperCase() + reason.slice(1);
      const changes = op === 'create' || op === 'update' || op === 'delete';
      diags.addError(
        'Operation cancelled',
        `${why}, and ${typeName} ${op} did not finish within ${graceMs / 1000} s of being cancelled, so the provider stopped waiting for it.` +
          (changes ? ' The remote object may have been changed all the same: check it, then import it or remove it from state as needed.' : ''),
      );
      log.warn(`Handler did not finish after cancellation: ${typeName} ${op}`, { tf_type_name: typeName, grace_ms: graceMs });
    }
    return outcome;
  } finally {
    clearTimeout(timer);
    unwatch?.();
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
