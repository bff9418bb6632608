// The typed table of every RPC the plugin serves: gRPC path, request decoder, response encoder.
// `ProviderService` derives from it, so the compiler demands a handler for each provider RPC: a
// unary one answers with one message, a server-streaming one (ListResource) writes events to a sink.

import type { Writer } from 'protobufjs/minimal';
import { plugin, tfplugin6 } from './protobuf';

interface RequestDecoder<Req> {
  decode(bytes: Uint8Array): Req;
}
interface ResponseEncoder<Res> {
  encode(message: Res): Writer;
}
export interface MethodDef<Req, Res> {
  request: RequestDecoder<Req>;
  response: ResponseEncoder<Res>;
}

function method<Req, Res>(request: RequestDecoder<Req>, response: ResponseEncoder<Res>): MethodDef<Req, Res> {
  return { request, response };
}

const p = tfplugin6;

/** Every RPC of the tfplugin6.Provider service, by its name in the .proto. */
export const providerMethods = {
  GetMetadata: method(p.GetMetadata.Request, p.GetMetadata.Response),
  GetProviderSchema: method(p.GetProviderSchema.Request, p.GetProviderSchema.Response),
  ValidateProviderConfig: method(p.ValidateProviderConfig.Request, p.ValidateProviderConfig.Response),
  ValidateResourceConfig: method(p.ValidateResourceConfig.Request, p.ValidateResourceConfig.Response),
  ValidateDataResourceConfig: method(p.ValidateDataResourceConfig.Request, p.ValidateDataResourceConfig.Response),
  UpgradeResourceState: method(p.UpgradeResourceState.Request, p.UpgradeResourceState.Response),
  GetResourceIdentitySchemas: method(p.GetResourceIdentitySchemas.Request, p.GetResourceIdentitySchemas.Response),
  UpgradeResourceIdentity: method(p.UpgradeResourceIdentity.Request, p.UpgradeResourceIdentity.Response),
  ConfigureProvider: method(p.ConfigureProvider.Request, p.ConfigureProvider.Response),
  ReadResource: method(p.ReadResource.Request, p.ReadResource.Response),
  PlanResourceChange: method(p.PlanResourceChange.Request, p.PlanResourceChange.Response),
  ApplyResourceChange: method(p.ApplyResourceChange.Request, p.ApplyResourceChange.Response),
  ImportResourceState: method(p.ImportResourceState.Request, p.ImportResourceState.Response),
  MoveResourceState: method(p.MoveResourceState.Request, p.MoveResourceState.Response),
  ReadDataSource: method(p.ReadDataSource.Request, p.ReadDataSource.Response),
  ValidateEphemeralResourceConfig: method(p.ValidateEphemeralResourceConfig.Request, p.ValidateEphemeralResourceConfig.Response),
  OpenEphemeralResource: method(p.OpenEphemeralResource.Request, p.OpenEphemeralResource.Response),
  RenewEphemeralResource: method(p.RenewEphemeralResource.Request, p.RenewEphemeralResource.Response),
  CloseEphemeralResource: method(p.CloseEphemeralResource.Request, p.CloseEphemeralResource.Response),
  ValidateListResourceConfig: method(p.ValidateListResourceConfig.Request, p.ValidateListResourceConfig.Response),
  GetFunctions: method(p.GetFunctions.Request, p.GetFunctions.Response),
  CallFunction: method(p.CallFunction.Request, p.CallFunction.Response),
  StopProvider: method(p.StopProvider.Request, p.StopProvider.Response),
};

/** The server-streaming RPCs of the tfplugin6.Provider service: one request, a stream of events. */
export const providerStreams = {
  ListResource: method(p.ListResource.Request, p.ListResource.Event),
};

export type ProviderMethodName = keyof typeof providerMethods;
export type ProviderStreamName = keyof typeof providerStreams;
type Def<K extends ProviderMethodName | ProviderStreamName> = (typeof providerMethods & typeof providerStreams)[K];
export type RequestOf<K extends ProviderMethodName | ProviderStreamName> = Def<K> extends MethodDef<infer Req, unknown> ? Req : never;
export type ResponseOf<K extends ProviderMethodName | ProviderStreamName> = Def<K> extends MethodDef<unknown, infer Res> ? Res : never;

/** Where a streaming RPC writes its events, as the gRPC layer hands it over. */
export interface EventSink<E> {
  /** Sends one event; resolves once the stream can take more (backpressure), or at once when cancelled. */
  write(event: E): Promise<void>;
  /** Aborted when the client cancels the call (Terraform has read all it wants, or went away). */
  readonly cancelled: AbortSignal;
}

/** A handler for every provider RPC: decoded request in, plain response message (or events) out. */
export type ProviderService = {
  [K in ProviderMethodName]: (request: RequestOf<K>) => Promise<ResponseOf<K>>;
} & {
  [K in ProviderStreamName]: (request: RequestOf<K>, sink: EventSink<ResponseOf<K>>) => Promise<void>;
};

/** go-plugin's controller service: Terraform calls Shutdown when it is done with the process. */
export const controllerMethods = {
  Shutdown: method(plugin.Empty, plugin.Empty),
};
