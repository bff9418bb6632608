// Structured logging for a Terraform plugin: JSON lines on stderr in go-hclog's format, which
// Terraform parses and shows under TF_LOG / TF_LOG_PROVIDER. stdout belongs to the handshake.

import type { Block, TfObject, TfValue } from './framework';
import { isUnknown } from './framework';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** Extra key/value pairs shown beside a message. Never put configuration or state values here. */
export type LogFields = Record<string, unknown>;

const levelRank: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

/**
 * The level to emit from the environment: TF_LOG_PROVIDER wins over TF_LOG; "off" silences;
 * "json" means trace (Terraform's own spelling). Default info: Terraform filters again anyway, and
 * without TF_LOG it discards plugin output, so info lines cost next to nothing.
 */
export function levelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel | 'off' {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').trim().toLowerCase();
  if (raw === 'off') return 'off';
  if (raw === 'json') return 'trace';
  if (raw in levelRank) return raw as LogLevel;
  return 'info';
}

/** An RFC 3339 UTC timestamp with microseconds, as go-hclog writes it. */
export function timestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const micros = Math.floor(epochMs * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString(); // 2026-11-28T15:04:05.123Z
  return `${iso.slice(0, -1)}${String(micros % 1000).padStart(3, '0')}Z`;
}

export interface LoggerOptions {
  module?: string;
  level?: LogLevel | 'off';
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
  fields?: LogFields;
}

export class Logger {
  private readonly module: string;
  private readonly minRank: number;
  private readonly write: (line: string) => void;
  private readonly fields: LogFields;

  constructor(options: LoggerOptions = {}) {
    this.module = options.module ?? 'provider';
    const level = options.level ?? levelFromEnv();
    this.minRank = level === 'off' ? Infinity : levelRank[level];
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.fields = options.fields ?? {};
  }

  /** A logger that adds `fields` to every line. */
  with(fields: LogFields): Logger {
    return this.derive(this.module, { ...this.fields, ...fields });
  }

  /** A logger for a sub-module, e.g. `logger.named('client')` logs as "provider.client". */
  named(name: string): Logger {
    return this.derive(`${this.module}.${name}`, this.fields);
  }

  isEnabled(level: LogLevel): boolean {
    return levelRank[level] >= this.minRank;
  }

  trace(message: string, fields?: LogFields): void {
    this.log('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }

  log(level: LogLevel, message: string, fields?: LogFields): void {
    if (levelRank[level] < this.minRank) return;
    const entry: Record<string, unknown> = {
      '@level': level,
      '@message': message,
      '@module': this.module,
      '@timestamp': timestamp(),
    };
    for (const [k, v] of Object.entries({ ...this.fields, ...fields })) {
      if (!k.startsWith('@')) entry[k] = plain(v);
    }
    let line: string;
    try {
      line = JSON.stringify(entry, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
    } catch {
      // A field that cannot be serialised (a cycle) must not cost the message.
      for (const k of Object.keys(entry)) if (!k.startsWith('@')) entry[k] = String(entry[k]);
      line = JSON.stringify(entry);
    }
    try {
      this.write(line + '\n');
    } catch {
      // Logging must never break a request (e.g. stderr closed by a dying Terraform).
    }
  }

  private derive(module: string, fields: LogFields): Logger {
    const child = Object.create(Logger.prototype) as Logger;
    Object.assign(child, this, { module, fields });
    return child;
  }
}

function plain(v: unknown): unknown {
  if (v instanceof Error) return v.message;
  if (isUnknown(v)) return String(v);
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/** The shared logger of the provider process ("@module": "provider"). */
export const logger = new Logger();

/** Stands in for a sensitive value wherever one would be shown. */
export const REDACTED = '(sensitive value)';

/**
 * A copy of an object value with every sensitive or write-only attribute of `block` replaced by a
 * placeholder (null stays null), for the rare log line or message that must show a value.
 */
export function redact(value: TfObject | null, block: Block): TfObject | null {
  if (value === null) return null;
  const out: TfObject = {};
  for (const [name, v] of Object.entries(value)) {
    const attr = block.attributes[name];
    const secret = attr?.sensitive || attr?.writeOnly;
    out[name] = secret && v !== null ? REDACTED : (v as TfValue);
  }
  return out;
}
