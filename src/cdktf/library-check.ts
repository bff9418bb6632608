// The package root needs cdktf and `cdktf-provider-workato/cdktn` needs cdktn; both are optional
// peer dependencies, so a user may have installed only the other one. Says so plainly instead of
// Node's "Cannot find module".

/** Throws, naming the entry point and the fix, when `library` cannot be loaded from here. */
export function requireLibrary(library: 'cdktf' | 'cdktn'): void {
  try {
    require.resolve(library);
  } catch {
    const [entry, other, otherEntry] =
      library === 'cdktf'
        ? ['cdktf-provider-workato', 'CDK Terrain (cdktn)', 'cdktf-provider-workato/cdktn']
        : ['cdktf-provider-workato/cdktn', 'CDKTF (cdktf)', 'cdktf-provider-workato'];
    throw new Error(
      `${entry} needs the ${library} package, which is not installed: run \`npm install ${library} constructs\`, ` +
        `or, in a ${other} app, import from '${otherEntry}' instead.`,
    );
  }
}
