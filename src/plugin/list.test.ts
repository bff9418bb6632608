// List resources (protocol 6.10) as the framework serves them, through real protocol messages: the
// schemas and metadata, ValidateListResourceConfig, and ListResource's stream: results pulled one at
// a time and sent as they come, stopped at `limit` or when Terraform cancels (the handler's signal
// aborted, its generator returned, no further page fetched), errors as a last event.

import { decodeMsgpack, encodeMsgpack } from './codec';
import { ProviderServer } from './dispatch';
import { defineIdentity, type ListResource, type ListResult, type Provider, type ResourceWithIdentity, type TfObject } from './framework';
import { providerStreams, type EventSink } from './rpc';
import { blockType } from './values';
import { tfplugin6 } from './wire';
import { call, configured, errors, makeProvider, quiet, widget, widgetType } from '../../test/plugin/fixtures/widget-provider';

const identityType = { object: { id: 'string' } } as const;
const listSchema = { version: 0, block: { description: 'Filters.', attributes: { prefix: { type: 'string' as const, optional: true, description: 'Names starting so.' } } } };
const listConfig = (prefix: string | null = null) => ({ msgpack: encodeMsgpack({ prefix }, blockType(listSchema.block)) });

interface Remote {
  /** Pages fetched so far (10 widgets a page). */
  pages: number;
  /** Set once the handler's generator has run its `finally`. */
  finished: boolean;
  signals: AbortSignal[];
  /** While set, a page fetch waits for it (and for the signal, unless `ignoreSignal`). */
  hold?: Promise<void>;
  ignoreSignal?: boolean;
  /** Called as page `n` starts. */
  onPage?: (n: number) => void;
}

/** test_widget with an identity, and a list resource over `count` remote widgets, fetched 10 a page. */
function listProvider(count: number, remote: Remote, overrides: Partial<ListResource<string>> = {}): Provider<string> {
  const provider = makeProvider();
  const resource: ResourceWithIdentity<string> = {
    ...provider.resources[0],
    identitySchema: defineIdentity({ version: 0, attributes: { id: { type: 'string', description: 'd', requiredForImport: true } } }),
    identity: (state) => ({ id: state.id }),
  };
  provider.resources = [resource];
  const lister: ListResource<string> = {
    typeName: 'test_widget',
    schema: listSchema,
    validate(req, resp) {
      if (req.config.prefix === '') resp.diagnostics.addError('Empty prefix', 'Leave it out to list every widget.', ['prefix']);
    },
    async *list(req): AsyncIterable<ListResult> {
      remote.signals.push(req.signal);
      try {
        for (let start = 0; start < count; start += 10) {
          remote.pages++;
          remote.onPage?.(remote.pages);
          if (remote.hold) {
            const hold = remote.hold;
            await (remote.ignoreSignal ? hold : Promise.race([hold, new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted'))))]));
          }
          for (let i = start; i < Math.min(count, start + 10); i++) {
            const name = `widget ${i}`;
            if (typeof req.config.prefix === 'string' && !name.startsWith(req.config.prefix)) continue;
            yield { identity: { id: `w-${i}` }, displayName: name, resourceObject: widget({ id: `w-${i}`, name, secret_wo: 'never sent', size: i }) };
          }
        }
      } finally {
        remote.finished = true;
      }
    },
    ...overrides,
  };
  provider.listResources = [lister];
  return provider;
}

const remote = (): Remote => ({ pages: 0, finished: false, signals: [] });

type Event = ReturnType<typeof tfplugin6.ListResource.Event.decode>;

/** Calls ListResource as Terraform does, reading every event (or cancelling after `cancelAfter`). */
async function listCall(server: ProviderServer<string>, request: object, options: { cancelAfter?: number; cancel?: AbortController } = {}): Promise<Event[]> {
  const m = providerStreams.ListResource;
  const req = m.request.decode(tfplugin6.ListResource.Request.encode(request).finish());
  const events: Event[] = [];
  const cancel = options.cancel ?? new AbortController();
  const sink: EventSink<tfplugin6.ListResource.IEvent> = {
    cancelled: cancel.signal,
    async write(event) {
      if (cancel.signal.aborted) return;
      events.push(tfplugin6.ListResource.Event.decode(m.response.encode(event).finish()));
      if (options.cancelAfter !== undefined && events.length >= options.cancelAfter) cancel.abort();
    },
  };
  await server.ListResource(req, sink);
  return events;
}

const identityOf = (e: Event) => decodeMsgpack(e.identity!.identityData!.msgpack!, identityType) as TfObject;

describe('schemas and metadata', () => {
  it('GetProviderSchema lists the config schema of each list resource; GetMetadata its name', async () => {
    const server = new ProviderServer(listProvider(0, remote()), { logger: quiet });
    const schema = await call(server, 'GetProviderSchema', {});
    expect(schema.diagnostics).toEqual([]);
    expect(schema.listResourceSchemas.test_widget.block!.attributes!.map((a) => [a.name, a.optional])).toEqual([['prefix', true]]);
    expect((await call(server, 'GetMetadata', {})).listResources.map((l) => l.typeName)).toEqual(['test_widget']);
  });

  it('a list resource without a managed resource of its name with an identity is a definition error', async () => {
    const p = listProvider(0, remote());
    p.resources = makeProvider().resources; // no identity
    const r = await call(new ProviderServer(p, { logger: quiet }), 'GetProviderSchema', {});
    expect(errors(r)[0].detail).toContain('The list resource type "test_widget" needs a managed resource type of the same name with an identity');
  });
});

describe('ValidateListResourceConfig', () => {
  it("runs the list resource's validation on its config block", async () => {
    const server = new ProviderServer(listProvider(0, remote()), { logger: quiet });
    expect((await call(server, 'ValidateListResourceConfig', { typeName: 'test_widget', config: listConfig('w') })).diagnostics).toEqual([]);
    const r = await call(server, 'ValidateListResourceConfig', { typeName: 'test_widget', config: listConfig('') });
    expect(errors(r)[0]).toMatchObject({ summary: 'Empty prefix' });
    expect(errors(r)[0].attribute!.steps![0].attributeName).toBe('prefix');
    const unknownType = await call(server, 'ValidateListResourceConfig', { typeName: 'test_gadget', config: listConfig() });
    expect(errors(unknownType)[0].summary).toBe('Unknown list resource type');
  });
});

describe('ListResource', () => {
  it('streams every result with its identity and display name, without the object unless asked', async () => {
    const r = remote();
    const server = await configured(listProvider(25, r));
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 100 });
    expect(events.map(identityOf)).toEqual(Array.from({ length: 25 }, (_, i) => ({ id: `w-${i}` })));
    expect(events[3]).toMatchObject({ displayName: 'widget 3', diagnostic: [] });
    expect(events.every((e) => e.resourceObject === null)).toBe(true);
    expect(r).toMatchObject({ pages: 3, finished: true });
  });

  it('sends the resource object when asked, write-only attributes null', async () => {
    const server = await configured(listProvider(3, remote()));
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig(), includeResourceObject: true, limit: 100 });
    const object = decodeMsgpack(events[2].resourceObject!.msgpack!, widgetType) as TfObject;
    expect(object).toMatchObject({ id: 'w-2', name: 'widget 2', size: 2, secret_wo: null });
  });

  it('stops at limit: the handler is returned and fetches no further page', async () => {
    const r = remote();
    const server = await configured(listProvider(100, r));
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 15 });
    expect(events).toHaveLength(15);
    expect(r).toMatchObject({ pages: 2, finished: true });
    expect(r.signals[0].aborted).toBe(true);
  });

  it('stops when Terraform cancels the stream (as it does once it has `limit`) before a page: none is fetched', async () => {
    const r = remote();
    const server = await configured(listProvider(100, r));
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 1000 }, { cancelAfter: 10 });
    expect(events).toHaveLength(10);
    expect(r).toMatchObject({ pages: 1, finished: true });
  });

  it('stops when Terraform cancels the stream during a page: that page is aborted, none follows', async () => {
    const r = remote();
    const server = await configured(listProvider(100, r));
    const cancel = new AbortController();
    // Page 2 never comes by itself: only the handler's signal, aborted by the cancellation, ends it.
    r.onPage = (n) => {
      if (n !== 2) return;
      r.hold = new Promise<void>(() => undefined);
      setImmediate(() => cancel.abort());
    };
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 1000 }, { cancel });
    expect(events).toHaveLength(10);
    expect(r).toMatchObject({ pages: 2, finished: true });
    expect(r.signals[0].aborted).toBe(true);
  });

  it('applies the config filter the handler reads, and sends nothing for limit 0', async () => {
    const r = remote();
    const server = await configured(listProvider(30, r));
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig('widget 2'), limit: 100 });
    expect(events.map((e) => e.displayName)).toEqual(['widget 2', ...Array.from({ length: 10 }, (_, i) => `widget 2${i}`)]);
    const pages = r.pages;
    expect(await listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 0 })).toEqual([]);
    expect(r.pages).toBe(pages);
  });

  it('reads an absent config as the block without `config { }`: every attribute null', async () => {
    const server = await configured(listProvider(3, remote()));
    expect((await listCall(server, { typeName: 'test_widget', limit: 100 })).map((e) => e.displayName)).toEqual(['widget 0', 'widget 1', 'widget 2']);
    expect((await call(server, 'ValidateListResourceConfig', { typeName: 'test_widget' })).diagnostics).toEqual([]);
  });

  it('ends with an event of diagnostics alone for an error the handler reports, after the results so far', async () => {
    const server = await configured(
      listProvider(0, remote(), {
        async *list(_req, resp) {
          yield { identity: { id: 'w-1' }, displayName: 'one' };
          resp.diagnostics.addError('Could not list widgets', 'The API said no.');
          yield { identity: { id: 'w-2' }, displayName: 'never sent' };
        },
      }),
    );
    const events = await listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 100 });
    expect(events.map((e) => e.displayName)).toEqual(['one', '']);
    expect(events[1].identity).toBeNull();
    expect(events[1].diagnostic.map((d) => d.summary)).toEqual(['Could not list widgets']);
  });

  it('turns a thrown error, a result without identity and an unknown type into an error event', async () => {
    const thrower = await configured(
      listProvider(0, remote(), {
        async *list() {
          throw new Error('boom');
        },
      }),
    );
    const [thrown] = await listCall(thrower, { typeName: 'test_widget', config: listConfig(), limit: 100 });
    expect(thrown.diagnostic[0].summary).toBe('Unexpected error in test_widget list: boom');

    const noIdentity = await configured(
      listProvider(0, remote(), {
        async *list() {
          yield { displayName: 'x' } as unknown as ListResult;
        },
      }),
    );
    const [missing] = await listCall(noIdentity, { typeName: 'test_widget', config: listConfig(), limit: 100 });
    expect(missing.diagnostic[0].summary).toBe('Provider returned a list result without an identity');

    const [unknownType] = await listCall(thrower, { typeName: 'test_gadget', config: listConfig(), limit: 100 });
    expect(unknownType.diagnostic[0].summary).toBe('Unknown list resource type');
  });

  it('on StopProvider aborts the handler; one that ignores it is answered "Operation cancelled" after the grace period', async () => {
    const r = remote();
    const server = await configured(listProvider(100, r), { cancelGraceMs: 10 });
    r.hold = new Promise<void>(() => undefined); // page 1 never comes
    const listing = listCall(server, { typeName: 'test_widget', config: listConfig(), limit: 100 });
    await new Promise((resolve) => setImmediate(resolve));
    await call(server, 'StopProvider', {});
    const [event] = await listing;
    // It honoured its signal: the listing ended with the error of the page it was waiting for.
    expect(event.diagnostic[0].summary).toBe('Unexpected error in test_widget list: aborted');
    expect(r.finished).toBe(true);

    const stubborn = remote();
    const server2 = await configured(listProvider(100, stubborn), { cancelGraceMs: 10 });
    stubborn.hold = new Promise<void>(() => undefined);
    stubborn.ignoreSignal = true;
    const listing2 = listCall(server2, { typeName: 'test_widget', config: listConfig(), limit: 100 });
    await new Promise((resolve) => setImmediate(resolve));
    await call(server2, 'StopProvider', {});
    const [cancelled] = await listing2;
    expect(cancelled.diagnostic.map((d) => d.summary)).toEqual(['Operation cancelled']);
    expect(cancelled.diagnostic[0].detail).toContain('listing test_widget did not stop within 0.01 s of being cancelled');
  });
});
