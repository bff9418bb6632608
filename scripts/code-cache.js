// The V8 code cache of the provider's Node.js bundle. Terraform starts a provider 3 to 5 times per
// command, and each start of a plain Node.js script parses and compiles its whole bundle again
// (about 700 KiB), then compiles each function the first time it runs (hundreds of them during a
// plan). With a code cache, V8 reads that compiled code back instead.
//
// The bundle the build writes (bundleProvider({ codeCache: true }), scripts/bundle.js) is then:
//   #!/usr/bin/env node
//   (<codeCacheLoader below>)({ key, name }, "<the provider's code, as a JSON string>");
// The string costs V8 a scan, not a parse. The loader compiles it with vm.Script, giving V8 the
// cache file when there is one, runs it as the module the file is (same require, module,
// __filename), and at exit writes the compiled code back (Script#createCachedData: every function
// that ran, not only the top level) when there was no usable cache or this process ran code enough
// to make a better one (twice the CPU time of the one that wrote it: the first start of a command
// only answers GetProviderSchema; the planning one runs everything).
//
// Where: a directory of the user's own cache (XDG_CACHE_HOME or ~/.cache on Linux,
// ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows), never the plugin directory (Terraform
// hashes every file there against the lock file). Compiled code runs as code: the directory is
// made 0700 and is used only when it and its parent are directories of this user that no one else
// can write, and a file only when, opened without following a link, it is this user's regular file
// that no one else can write; otherwise nothing is read or written. One file
// per bundle (`key`, a hash of the code), V8 version and architecture (another bundle's are removed
// once no process wrote them for 30 days); V8 itself rejects a cache of other flags or source,
// which is then rewritten. A cache holds compiled code and the code's
// own constants, no value of the process (no configuration, no secret). Any failure (a read-only
// home, a full disk) means compiling as without a cache; the provider never fails for it.
'use strict';

const crypto = require('node:crypto');

/** The directory name under the user's cache directory. */
const CACHE_NAME = 'terraform-provider-workato';

/**
 * Runs in the provider process, as the first statement of the bundle file (its source is copied
 * there, so it may use nothing from this file's scope). `settings`: { key, name }; `code`: the
 * provider's CommonJS bundle.
 */
function codeCacheLoader(settings, code) {
  const fs = require('fs');
  const path = require('path');
  const vm = require('vm');
  const { wrap } = require('module');
  const MAGIC = 0x574b4343; // "WKCC", then the writer's CPU milliseconds (u32), then V8's data

  const cacheDir = () => {
    const env = process.env;
    const home = require('os').homedir();
    let base;
    if (process.platform === 'win32') base = env.LOCALAPPDATA;
    else if (process.platform === 'darwin') base = home && path.join(home, 'Library', 'Caches');
    else base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home && path.join(home, '.cache');
    return base ? path.join(base, settings.name, 'code-cache') : undefined;
  };
  // Only this user's, and writable by no one else (POSIX; Windows' per-user directory as it is).
  const private_ = (stat, kind) =>
    kind(stat) && (typeof process.getuid !== 'function' || (stat.uid === process.getuid() && (stat.mode & 0o022) === 0));

  let file;
  let cached;
  let writtenWith = 0;
  try {
    const dir = cacheDir();
    if (dir) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Both directories of ours (made 0700 above): no one else can swap what is inside them.
      if (private_(fs.lstatSync(dir), (s) => s.isDirectory()) && private_(fs.lstatSync(path.dirname(dir)), (s) => s.isDirectory())) {
        file = path.join(dir, `${settings.key}-${process.versions.v8}-${process.arch}.bin`.replace(/[^\w.-]/g, '_'));
        // Opened without following a link, and checked on the open file: what is read is this
        // user's own file, whatever happened to the path since.
        let fd;
        try {
          fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
        } catch (e) {
          if (!e || e.code !== 'ENOENT') file = undefined; // a link, or unreadable: leave it alone
        }
        if (fd !== undefined) {
          try {
            if (private_(fs.fstatSync(fd), (s) => s.isFile())) {
              const data = fs.readFileSync(fd);
              if (data.length > 8 && data.readUInt32BE(0) === MAGIC) {
                writtenWith = data.readUInt32BE(4);
                cached = data.subarray(8);
              }
            } else {
              file = undefined; // someone else's: leave it alone
            }
          } finally {
            fs.closeSync(fd);
          }
        }
      }
    }
  } catch {
    file = undefined;
  }

  const script = new vm.Script(wrap(code), { filename: __filename, cachedData: cached });
  const usable = cached !== undefined && !script.cachedDataRejected;
  // For the provider's "Provider started" debug line (TF_LOG=debug): what became of the cache.
  globalThis[Symbol.for('terraform-provider-workato.codeCache')] = !file ? 'off' : cached === undefined ? 'none' : usable ? 'used' : 'rejected';
  if (file) {
    const target = file;
    process.once('exit', () => {
      const usage = process.cpuUsage();
      const cpuMs = Math.min(0xffffffff, Math.round((usage.user + usage.system) / 1000));
      if (usable && cpuMs < writtenWith * 2) return;
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        const data = script.createCachedData();
        const header = Buffer.alloc(8);
        header.writeUInt32BE(MAGIC, 0);
        header.writeUInt32BE(cpuMs, 4);
        fs.writeFileSync(tmp, Buffer.concat([header, data]), { mode: 0o600, flag: 'wx' });
        fs.renameSync(tmp, target);
        // Caches of other bundles (older versions) go once nothing wrote them for 30 days, and what
        // a process killed while writing left behind after a day.
        const dir = path.dirname(target);
        for (const name of fs.readdirSync(dir)) {
          const other = path.join(dir, name);
          const days = name.endsWith('.bin') ? 30 : name.endsWith('.tmp') ? 1 : undefined;
          if (other !== target && days !== undefined && fs.lstatSync(other).mtimeMs < Date.now() - days * 86400_000) fs.unlinkSync(other);
        }
      } catch {
        try {
          fs.unlinkSync(tmp);
        } catch {
          // nothing was written
        }
      }
    });
  }
  script.runInThisContext().call(module.exports, exports, require, module, __filename, __dirname);
}

/** The bundle file for `code` (the provider's CommonJS bundle, without a #! line). */
function withCodeCache(code) {
  if (code.startsWith('#!')) throw new Error('withCodeCache: strip the #! line first');
  // vm.Script is given no importModuleDynamically (Node 20 has no default to give it): a dynamic
  // import() would fail when it runs, so the build refuses code that has one.
  if (/\bimport\s*\(/.test(code)) throw new Error('withCodeCache: the bundle has a dynamic import(), which code compiled by the code-cache loader cannot run: replace it with require(), or bundle without codeCache');
  const key = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  return `#!/usr/bin/env node
// Made by scripts/code-cache.js: the provider's code, compiled with a V8 code cache.
(${codeCacheLoader.toString()})(${JSON.stringify({ key, name: CACHE_NAME })}, ${JSON.stringify(code)});
`;
}

/** The provider's code in a bundle file: the string of a code-cache bundle, else the file without its #! line. */
function providerCode(fileText) {
  const lines = fileText.split('\n', 3);
  if (lines[1] === '// Made by scripts/code-cache.js: the provider\'s code, compiled with a V8 code cache.') {
    // ...)({"key":...,"name":...}, "<code>");  (the loader's own source has no `({"key":`)
    const settings = fileText.indexOf('({"key":');
    const start = settings < 0 ? -1 : fileText.indexOf('}, "', settings);
    const last = fileText.trimEnd();
    if (start < 0 || !last.endsWith('");')) throw new Error('providerCode: not a bundle written by withCodeCache');
    return JSON.parse(last.slice(start + 3, -2));
  }
  return fileText.replace(/^#![^\n]*\n/, '');
}

module.exports = { withCodeCache, providerCode, codeCacheLoader, CACHE_NAME };
