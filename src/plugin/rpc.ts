// The typed table of every RPC the plugin serves: gRPC path, request decoder, response encoder.
// `ProviderService` derives from it, so the compiler demands a handler for each provider RPC.

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
  GetFunctions: method(p.GetFunctions.Request, p.GetFunctions.Response),
  CallFunction: method(p.CallFunction.Request, p.CallFunction.Response),
  StopProvider: method(p.StopProvider.Request, p.StopProvider.Response),
};

export type ProviderMethodName = keyof typeof providerMethods;
type Def<K extends ProviderMethodName> = (typeof providerMethods)[K];
export type RequestOf<K extends ProviderMethodName> = Def<K> extends MethodDef<infer Req, unknown> ? Req : never;
export type ResponseOf<K extends ProviderMethodName> = Def<K> extends MethodDef<unknown, infer Res> ? Res : never;

/** A handler for every provider RPC: decoded request in, plain response message out. */
export type ProviderService = {
  [K in ProviderMethodName]: (request: RequestOf<K>) => Promise<ResponseOf<K>>;
};

/** go-plugin's controller service: Terraform calls Shutdown when it is done with the process. */
export const controllerMethods = {
  Shutdown: method(plugin.Empty, plugin.Empty),
};
