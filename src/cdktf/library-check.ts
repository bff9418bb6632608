// `cdktf-provider-workato` needs cdktf and `cdktn-provider-workato` needs cdktn, as peer
// dependencies. npm installs peers, but not with `legacy-peer-deps` (a common .npmrc setting), and a
// user may have installed the package of the other library. Says so plainly instead of Node's
// "Cannot find module".

/** Throws, naming the entry point and the fix, when `library` cannot be loaded from here. */
export function requireLibrary(library: 'cdktf' | 'cdktn'): void {
  try {
    require.resolve(library);
  } catch {
    const [entry, other, otherEntry] =
      library === 'cdktf'
        ? ['cdktf-provider-workato', 'CDK Terrain (cdktn)', 'cdktn-provider-workato']
        : ['cdktn-provider-workato', 'CDKTF (cdktf)', 'cdktf-provider-workato'];
    throw new Error(
      `${entry} needs the ${library} package, which is not installed: run \`npm install ${library} constructs\`, ` +
        `or, in a ${other} app, install and import ${otherEntry} instead.`,
    );
  }
}
