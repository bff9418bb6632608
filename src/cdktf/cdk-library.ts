// What CustomOAuthProfile uses of its CDK library: the part of the API that cdktf and cdktn (CDK
// Terrain, its continuation) share. Types only: the entry points pass the library itself.
import type { IConstruct } from 'constructs';

export interface CdkLibrary {
  readonly Token: { isUnresolved(value: any): boolean };
  readonly Tokenization: {
    resolve(value: any, options: { readonly scope: IConstruct; readonly preparing?: boolean; readonly resolver: any }): any;
  };
  readonly DefaultTokenResolver: new (concat: any) => any;
  readonly StringConcat: new () => any;
  readonly Annotations: { of(scope: IConstruct): { addWarning(message: string): void } };
  readonly Aspects: { of(scope: IConstruct): { add(aspect: { visit(node: IConstruct): void }): void } };
  readonly TerraformStack: { isStack(value: any): boolean; of(construct: IConstruct): IConstruct };
  readonly TerraformLocal: abstract new (...args: any[]) => IConstruct & { readonly friendlyUniqueId: string; toTerraform(): any };
  readonly TerraformVariable: abstract new (...args: any[]) => IConstruct & { readonly friendlyUniqueId: string; readonly default?: any };
}
