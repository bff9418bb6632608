// What CustomOAuthProfile uses of its CDK library: the part of the API that cdktf and cdktn (CDK
// Terrain, its continuation) share. Types only: the entry points pass the library itself.
import type { IConstruct } from 'constructs';

export interface CdkLibrary {
  readonly Token: { isUnresolved(value: unknown): boolean };
  readonly Tokenization: {
    resolve(value: unknown, options: { readonly scope: IConstruct; readonly preparing?: boolean; readonly resolver: object }): unknown;
  };
  readonly DefaultTokenResolver: new (concat: FragmentConcatenator) => object;
  readonly StringConcat: new () => FragmentConcatenator;
  readonly Annotations: { of(scope: IConstruct): { addWarning(message: string): void } };
  readonly Aspects: { of(scope: IConstruct): { add(aspect: { visit(node: IConstruct): void }): void } };
  readonly TerraformStack: { isStack(value: unknown): boolean; of(construct: IConstruct): IConstruct };
  readonly TerraformLocal: abstract new (...args: never[]) => IConstruct & {
    readonly friendlyUniqueId: string;
    toTerraform(): { readonly locals?: Record<string, unknown> };
  };
  readonly TerraformVariable: abstract new (...args: never[]) => IConstruct & {
    readonly friendlyUniqueId: string;
    readonly default?: unknown;
  };
}

/** How a resolver joins the fragments of a string with tokens in it (`StringConcat`). */
export interface FragmentConcatenator {
  join(left: unknown, right: unknown): unknown;
}
