// The structured logger: go-hclog's JSON line format, levels from TF_LOG_PROVIDER / TF_LOG, and
// redaction of sensitive values.

import { TfBigNumber, unknown } from './framework';
import { levelFromEnv, Logger, redact, REDACTED, timestamp } from './log';

function capture(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'off' = 'trace') {
  const lines: Array<Record<string, unknown>> = [];
  const logger = new Logger({ level, write: (l) => lines.push(JSON.parse(l)) });
  return { logger, lines };
}

describe('log lines', () => {
  it('are go-hclog JSON: @level, @message, @module, @timestamp, then fields', () => {
    const { logger, lines } = capture();
    logger.info('Created profile', { tf_resource_type: 'toy_thing', count: 2 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ '@level': 'info', '@message': 'Created profile', '@module': 'provider', tf_resource_type: 'toy_thing', count: 2 });
    expect(lines[0]['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('write big numbers (bigint, TfBigNumber) exactly, however deep', () => {
    const { logger, lines } = capture();
    logger.info('numbers', { top: 20251128152430123n, nested: { v: 12345678901234567890n, b: new TfBigNumber('0.30000000000000001') } });
    expect(lines[0]).toMatchObject({ top: '20251128152430123', nested: { v: '12345678901234567890', b: '0.30000000000000001' } });
  });

  it('timestamps carry microseconds', () => {
    expect(timestamp(Date.UTC(2026, 10, 28, 15, 4, 5, 123) + 0.456)).toBe('2026-11-28T15:04:05.123456Z');
    expect(timestamp(Date.UTC(2026, 10, 28, 15, 4, 5, 7))).toBe('2026-11-28T15:04:05.007000Z');
  });

  it('filters by level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('no');
    logger.info('no');
    logger.warn('yes');
    logger.error('yes');
    expect(lines.map((l) => l['@level'])).toEqual(['warn', 'error']);
    const off = capture('off');
    off.logger.error('nothing');
    expect(off.lines).toHaveLength(0);
  });

  it('derives loggers with fields and sub-modules', () => {
    const { logger, lines } = capture();
    logger.with({ tf_rpc: 'ReadResource' }).named('client').debug('GET', { status: 200 });
    expect(lines[0]).toMatchObject({ '@module': 'provider.client', tf_rpc: 'ReadResource', status: 200 });
  });

  it('survives fields it cannot serialise, and errors become messages', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.error('odd', { cyclic, err: new Error('boom'), big: 10n, u: unknown });
    expect(lines[0]['@message']).toBe('odd');
    logger.error('plain', { err: new Error('boom'), big: 10n, u: unknown });
    expect(lines[1]).toMatchObject({ err: 'boom', big: '10', u: '(known after apply)' });
  });

  it('never throws when the sink fails', () => {
    const logger = new Logger({ level: 'trace', write: () => { throw new Error('EPIPE'); } });
    expect(() => logger.info('x')).not.toThrow();
  });
});

describe('levelFromEnv', () => {
  it('prefers TF_LOG_PROVIDER, understands Terraform spellings, defaults to info', () => {
    expect(levelFromEnv({})).toBe('info');
    expect(levelFromEnv({ TF_LOG: 'DEBUG' })).toBe('debug');
    expect(levelFromEnv({ TF_LOG: 'debug', TF_LOG_PROVIDER: 'ERROR' })).toBe('error');
    expect(levelFromEnv({ TF_LOG: 'JSON' })).toBe('trace');
    expect(levelFromEnv({ TF_LOG: 'off' })).toBe('off');
    expect(levelFromEnv({ TF_LOG: 'nonsense' })).toBe('info');
  });
});

describe('redact', () => {
  it('hides sensitive and write-only values, keeps nulls', () => {
    const block = {
      description: '',
      attributes: {
        name: { type: 'string' as const, description: '' },
        secret: { type: 'string' as const, description: '', sensitive: true },
        secret_wo: { type: 'string' as const, description: '', writeOnly: true },
        token: { type: 'string' as const, description: '', sensitive: true },
      },
    };
    expect(redact({ name: 'n', secret: 's', secret_wo: 'w', token: null }, block)).toEqual({ name: 'n', secret: REDACTED, secret_wo: REDACTED, token: null });
  });
});
