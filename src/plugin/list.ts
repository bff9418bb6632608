// Streaming a list resource's results (ListResource, protocol 6.10): pulled from the provider's
// async iterable one at a time, each written to Terraform (with backpressure) before the next is
// pulled, and stopped once `limit` are sent, Terraform cancels the stream (it cancels once it has
// read `limit`), StopProvider cancels every request, or an error ends the listing. Stopping aborts
// the handler's signal (the page in flight) and returns its generator, so it fetches nothing more.

import { ValueError } from './codec';
import { Diagnostics, type ListResult, PROVIDER_BUG, type ResourceWithIdentity, type TfObject } from './framework';
import { encodeIdentity } from './identity';
import type { Logger } from './log';
import type { EventSink } from './rpc';
import { checkNoUnknowns, DiagnosticError, nullWriteOnly } from './rules';
import { blockType, cloneValue, containsUnknown, isObjectValue } from './values';
import { encodeDiagnostics, encodeDynamicValue, type tfplugin6 } from './wire';

export interface ListStream<E> {
  results: AsyncIterable<ListResult>;
  /** The most events to send (> 0). */
  limit: number;
  /** A result as its event; throws (a DiagnosticError) for one that breaks the protocol's rules. */
  encode(result: ListResult): E;
  sink: EventSink<E>;
  /** Aborted by StopProvider or shutdown: the handler then has `graceMs` to end. */
  stop: AbortSignal;
  /** The handler's own signal (`req.signal`), aborted here whenever the listing stops early. */
  handlerAbort: AbortController;
  graceMs: number;
  /** The listing's diagnostics: an error added by the handler ends it. */
  diags: Diagnostics;
  typeName: string;
  log: Logger;
}

type Step = IteratorResult<ListResult> | 'cancelled' | 'stopped';

/**
 * One result as its event: the identity (required, wholly known), the display name, the resource
 * object (write-only attributes nulled, nothing unknown) only when Terraform asked for it. A result
 * that breaks these rules is a DiagnosticError, which ends the listing.
 */
export function listEvent<D>(resource: ResourceWithIdentity<D>, result: ListResult, includeResourceObject: boolean): tfplugin6.ListResource.IEvent {
  const typeName = resource.typeName;
  if (!result || !isObjectValue(result.identity)) {
    throw new DiagnosticError('Provider returned a list result without an identity', `Every result of listing ${typeName} needs its identity. ${PROVIDER_BUG}`);
  }
  if (containsUnknown(result.identity)) {
    throw new DiagnosticError('Provider returned an unknown identity', `A result of listing ${typeName} has an identity that is not known. ${PROVIDER_BUG}`);
  }
  const identity = result.identity;
  const event: tfplugin6.ListResource.IEvent = {
    identity: encodeProvided(() => encodeIdentity(resource.identitySchema, identity), 'identity of a list result'),
    displayName: typeof result.displayName === 'string' ? result.displayName : '',
    diagnostic: encodeDiagnostics(result.diagnostics ?? []),
  };
  if (includeResourceObject && result.resourceObject) {
    const object = cloneValue(result.resourceObject) as TfObject;
    nullWriteOnly(resource.schema.block, object);
    const problems = new Diagnostics();
    checkNoUnknowns(object, typeName, 'list', problems);
    if (problems.hasErrors()) throw new DiagnosticError(problems.items[0].summary, problems.items[0].detail ?? '', problems.items[0].attribute);
    event.resourceObject = encodeProvided(() => encodeDynamicValue(object, blockType(resource.schema.block)), 'resource object of a list result');
  }
  return event;
}

/** Encodes a value the provider produced; one that does not fit its schema is a provider bug. */
export function encodeProvided<T>(encode: () => T, what: string): T {
  try {
    return encode();
  } catch (e) {
    if (e instanceof ValueError) throw new DiagnosticError(`Provider produced an invalid ${what}`, `${e.message}. ${PROVIDER_BUG}`, e.path.length ? e.path : undefined);
    throw e;
  }
}

/** Sends the results; resolves with how many were sent, once the handler has stopped (or its grace ran out). */
export async function streamResults<E>(s: ListStream<E>): Promise<number> {
  const iterator = s.results[Symbol.asyncIterator]();
  let sent = 0;
  /** Whether the handler has finished (or failed, or been given up on): nothing to stop then. */
  let finished = false;
  try {
    while (sent < s.limit && !s.diags.hasErrors()) {
      let step: Step;
      try {
        step = await nextStep(iterator, s);
      } catch (e) {
        finished = true; // a generator that threw is done
        throw e;
      }
      if (step === 'cancelled') {
        s.log.debug('Terraform cancelled the list stream: no further results are fetched', { tf_type_name: s.typeName, results_sent: sent });
        return sent;
      }
      if (step === 'stopped') {
        finished = true;
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
        s.diags.addError(
          'Operation cancelled',
          `${reasonOf(s.stop)}, and listing ${s.typeName} did not stop within ${s.graceMs / 1000} s of being cancelled, so the provider stopped waiting for it.`,
        );
        return sent;
      }
      if (step.done) {
        finished = true;
        break;
      }
      // An error the handler reported ends the listing, before anything it yields after it.
      if (s.diags.hasErrors()) break;
      const event = s.encode(step.value);
      await s.sink.write(event);
      if (s.sink.cancelled.aborted) return sent;
      sent++;
    }
    return sent;
  } finally {
    if (!finished) await stopHandler(iterator, s);
  }
}

/** The next result, or how the listing was cancelled while waiting for it. */
function nextStep(iterator: AsyncIterator<ListResult>, s: ListStream<unknown>): Promise<Step> {
  const next = iterator.next();
  return new Promise<Step>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      s.sink.cancelled.removeEventListener('abort', onCancelled);
      s.stop.removeEventListener('abort', onStop);
    };
    // Terraform has all it wants: answer nothing more, whatever the handler does.
    const onCancelled = () => {
      cleanup();
      resolve('cancelled');
    };
    // StopProvider: the handler sees its signal aborted and may still end well within the grace.
    const onStop = () => {
      s.handlerAbort.abort(s.stop.reason);
      timer = setTimeout(() => {
        cleanup();
        resolve('stopped');
      }, s.graceMs);
    };
    next.then(
      (step) => {
        cleanup();
        resolve(step);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
    if (s.sink.cancelled.aborted) onCancelled();
    else s.sink.cancelled.addEventListener('abort', onCancelled, { once: true });
    if (s.stop.aborted) onStop();
    else s.stop.addEventListener('abort', onStop, { once: true });
  });
}

/**
 * Ends a handler that has more to give: aborts its signal (a page in flight stops), then returns its
 * generator (its `finally` blocks run) and waits for that, within the grace period.
 */
async function stopHandler(iterator: AsyncIterator<ListResult>, s: ListStream<unknown>): Promise<void> {
  if (!s.handlerAbort.signal.aborted) s.handlerAbort.abort(new Error('the listing has ended'));
  if (!iterator.return) return;
  let timer: NodeJS.Timeout | undefined;
  const returned = Promise.resolve()
    .then(() => iterator.return!())
    .then(
      () => 'returned' as const,
      (e: unknown) => {
        // The pull in flight failed once aborted, as it should; nobody waits for its result.
        s.log.debug('List handler ended with an error after the listing stopped', { tf_type_name: s.typeName, error: e instanceof Error ? e.message : String(e) });
        return 'returned' as const;
      },
    );
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), s.graceMs)));
  try {
    if ((await Promise.race([returned, late])) === 'late') {
      s.log.warn('List handler did not stop after the listing ended', { tf_type_name: s.typeName, grace_ms: s.graceMs });
    }
  } finally {
    clearTimeout(timer);
  }
}

function reasonOf(signal: AbortSignal): string {
  const reason = signal.reason instanceof Error ? signal.reason.message : 'the request was cancelled';
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}
