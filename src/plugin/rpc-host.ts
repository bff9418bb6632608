// The serving side of every RPC, below the protocol's semantics: one call at a time counted in
// flight, cancellation (StopProvider, shutdown), logging, errors turned into diagnostics, and the
// DynamicValue ↔ object conversions guided by a schema. `ProviderServer` (dispatch.ts) builds the
// RPCs on top of it.

import { setMaxListeners } from 'node:events';
import { ValueError } from './codec';
import { Diagnostics, PROVIDER_BUG, type Schema, type TfObject, type TfType, type TfValue } from './framework';
import { errorMessage, type InvokeOutcome, invokeHandler } from './invoke';
import type { Logger } from './log';
import { DiagnosticError } from './rules';
import { blockType, containsUnknown, isObjectValue, valuesEqual } from './values';
import { decodeDynamicValue, encodeDiagnostics, encodeDynamicValue, tfplugin6 } from './wire';

interface TypeInfo {
  schema: Schema;
  type: TfType;
}

/**
 * The signal every request in flight shares (StopProvider cancels them all). Each one listens to
 * it while it runs and stops when answered, so Terraform's 10 parallel calls plus the client's one
 * listener are more than Node's default of 10 before it warns on stderr: no limit here, by design.
 */
function sharedAbort(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

export abstract class RpcHost {
  protected abort = sharedAbort();
  /** Set by drain(): new requests are refused with this reason. */
  protected closing: string | undefined;
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly types = new Map<Schema, TypeInfo>();

  constructor(
    protected readonly log: Logger,
    protected readonly cancelGraceMs: number,
  ) {}

  /** Cancels every request in flight (StopProvider, shutdown); later requests get a fresh signal. */
  stop(reason = 'Terraform asked the provider to stop'): void {
    const current = this.abort;
    this.abort = sharedAbort();
    current.abort(new Error(reason));
  }

  /**
   * Stops for good (the process is about to exit): cancels every request in flight, refuses new
   * ones, and resolves once those in flight have been answered, which each does within the cancel
   * grace period, or after `timeoutMs` at the latest.
   */
  async drain(reason: string, timeoutMs = this.cancelGraceMs + 1000): Promise<void> {
    this.closing ??= reason;
    this.stop(reason);
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Requests being served right now. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /**
   * Runs one RPC: logs it (type name and operation only, never values), turns anything thrown
   * into an error diagnostic and adds the collected diagnostics to the response.
   */
  protected async handle<R extends object>(
    rpc: string,
    typeName: string,
    op: string,
    body: (diags: Diagnostics) => Promise<R>,
  ): Promise<R & { diagnostics: tfplugin6.IDiagnostic[] }> {
    this.inFlight++;
    try {
      return await this.handleNow(rpc, typeName, op, body);
    } finally {
      if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  protected async handleNow<R extends object>(
    rpc: string,
    typeName: string,
    op: string,
    body: (diags: Diagnostics) => Promise<R>,
  ): Promise<R & { diagnostics: tfplugin6.IDiagnostic[] }> {
    // The per-call logger and timing only when their lines are written (TF_LOG=debug or finer):
    // a plan of hundreds of resources makes thousands of calls.
    const debug = this.log.isEnabled('debug');
    const started = debug ? performance.now() : 0;
    const log = () => this.log.with({ tf_rpc: rpc, tf_type_name: typeName });
    if (debug) log().debug(`Received ${rpc}`);
    const diags = new Diagnostics();
    let result = {} as R;
    try {
      if (this.closing !== undefined) {
        throw new DiagnosticError('Provider is shutting down', `The provider cannot handle ${rpc} for ${typeName}: ${this.closing}.`);
      }
      result = await body(diags);
    } catch (e) {
      if (e instanceof DiagnosticError) {
        diags.addError(e.summary, e.detail, e.attribute);
      } else {
        diags.addError(`Unexpected error in ${typeName} ${op}: ${errorMessage(e)}`, `The provider failed while handling ${rpc}. ${PROVIDER_BUG}`);
        log().error(`Unexpected error in ${rpc}`, { error: errorMessage(e), stack: e instanceof Error ? e.stack : undefined });
      }
    }
    if (debug) {
      log().debug(`Served ${rpc}`, {
        duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
        diagnostics_errors: diags.items.filter((d) => d.severity === 'error').length,
        diagnostics_warnings: diags.items.filter((d) => d.severity === 'warning').length,
      });
    }
    return { ...result, diagnostics: encodeDiagnostics(diags.items) };
  }

  /** Calls a provider author's handler: see `invokeHandler`. */
  protected invoke(typeName: string, op: string, diags: Diagnostics, fn: () => unknown): Promise<InvokeOutcome> {
    return invokeHandler({ signal: this.abort.signal, graceMs: this.cancelGraceMs, log: this.log, typeName, op, diags }, fn);
  }

  protected typeInfo(schema: Schema): TypeInfo {
    let info = this.types.get(schema);
    if (!info) this.types.set(schema, (info = { schema, type: blockType(schema.block) }));
    return info;
  }

  /** Decodes an object value sent by Terraform; null only where `nullable` (absent states). */
  protected decodeObject(dv: tfplugin6.IDynamicValue | null | undefined, schema: Schema, what: string, nullable: true): TfObject | null;
  protected decodeObject(dv: tfplugin6.IDynamicValue | null | undefined, schema: Schema, what: string, nullable?: false): TfObject;
  protected decodeObject(dv: tfplugin6.IDynamicValue | null | undefined, schema: Schema, what: string, nullable = false): TfObject | null {
    let v: TfValue;
    try {
      v = decodeDynamicValue(dv, this.typeInfo(schema).type);
    } catch (e) {
      if (e instanceof ValueError) {
        throw new DiagnosticError(`Invalid ${what} received from Terraform`, `${e.message}. Terraform and the provider disagree on the schema; run "terraform init" again.`, e.path);
      }
      throw e;
    }
    if (v === null) {
      if (nullable) return null;
      throw new DiagnosticError(`Missing ${what}`, `Terraform sent no ${what}.`);
    }
    if (!isObjectValue(v)) throw new DiagnosticError(`Invalid ${what} received from Terraform`, `Expected an object, got an unknown value.`);
    return v;
  }

  /**
   * Encodes `v` for Terraform, or answers with the bytes Terraform sent for `sent` when `v` is the
   * same value (no unknowns): a read that found no drift, a plan that changes nothing. Those bytes
   * decode to exactly this value, and no encoding is cheaper than one.
   */
  protected encodeObjectLike(
    v: TfObject | null,
    schema: Schema,
    what: string,
    sent: { value: TfObject | null; dv: tfplugin6.IDynamicValue | null | undefined },
  ): tfplugin6.IDynamicValue {
    if (sent.dv && v !== null && sent.value !== null && !containsUnknown(v) && valuesEqual(v, sent.value, this.typeInfo(schema).type)) return sent.dv;
    return this.encodeObject(v, schema, what);
  }

  /** Encodes an object value for Terraform; a value that does not fit the schema is a provider bug. */
  protected encodeObject(v: TfObject | null, schema: Schema, what: string): tfplugin6.IDynamicValue {
    try {
      return encodeDynamicValue(v, this.typeInfo(schema).type);
    } catch (e) {
      if (e instanceof ValueError) {
        throw new DiagnosticError(`Provider produced an invalid ${what}`, `${e.message}. ${PROVIDER_BUG}`, e.path.length ? e.path : undefined);
      }
      throw e;
    }
  }
}
