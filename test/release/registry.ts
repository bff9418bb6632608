// Test servers for Terraform's provider installation protocols, on 127.0.0.1: a provider registry
// (`providers.v1`) serving a release directory, and a static file server for a network mirror.
import { readFileSync, existsSync } from 'node:fs';
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { Platform, releaseFiles, standalone, VERSION } from './fixture';

/** The registry's hostname in these tests; a CLI config `host` block maps it to 127.0.0.1. */
export const HOST = 'terraform.workato-iac.test';
/** A configuration that requires the provider from HOST. */
export const CONFIG = `terraform {
  required_providers {
    workato = {
      source  = "${HOST}/workato-iac/workato"
      version = "~> ${VERSION.split('.').slice(0, 2).join('.')}"
    }
  }
}
`;

export interface TestServer {
  url: string;
  /** Requests so far, in order, as "METHOD /path". */
  requests: string[];
  close(): Promise<void>;
}

function listen(server: Server, handler: (req: IncomingMessage, res: ServerResponse) => void, scheme: string): Promise<TestServer> {
  const requests: string[] = [];
  server.on('request', (req, res) => {
    requests.push(`${req.method} ${req.url ?? ''}`);
    handler(req, res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${scheme}://127.0.0.1:${port}`,
        requests,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendFile(res: ServerResponse, file: string): void {
  if (!existsSync(file)) return json(res, 404, { errors: ['not found'] });
  res.writeHead(200, { 'content-type': file.endsWith('.json') ? 'application/json' : file.endsWith('.zip') ? 'application/zip' : 'application/octet-stream' });
  res.end(readFileSync(file));
}

/**
 * A provider registry for workato-iac/workato serving `dir`'s release files: the versions list,
 * one download description per platform (SHA256SUMS and signature URLs, the signing key) and the
 * files under /files/. Mount it at `<url>/v1/providers/` with a CLI config `host` block.
 */
export function startRegistry(dir: string, { keyId }: { keyId: string }): Promise<TestServer> {
  const server = createHttpServer();
  let base = '';
  const platforms = standalone.RELEASE_PLATFORMS.map((p) => ({ os: p.split('_')[0], arch: p.split('_')[1] }));
  const started = listen(
    server,
    (req, res) => {
      const url = new URL(req.url ?? '/', base);
      const p = url.pathname;
      if (p === '/v1/providers/workato-iac/workato/versions') {
        return json(res, 200, { versions: [{ version: VERSION, protocols: ['6.0'], platforms }] });
      }
      const m = /^\/v1\/providers\/workato-iac\/workato\/([^/]+)\/download\/([^/]+)\/([^/]+)$/.exec(p);
      if (m) {
        const [, version, os, arch] = m;
        const platform = `${os}_${arch}` as Platform;
        if (version !== VERSION || !standalone.RELEASE_PLATFORMS.includes(platform)) return json(res, 404, { errors: ['not found'] });
        const filename = releaseFiles.zipName(version, platform);
        const sums = readFileSync(join(dir, releaseFiles.sumsName(version)), 'utf8');
        const shasum = sums.split('\n').find((l) => l.endsWith(`  ${filename}`))?.slice(0, 64);
        return json(res, 200, {
          protocols: ['6.0'],
          os,
          arch,
          filename,
          download_url: `${base}/files/${filename}`,
          shasums_url: `${base}/files/${releaseFiles.sumsName(version)}`,
          shasums_signature_url: `${base}/files/${releaseFiles.sumsName(version)}.sig`,
          shasum,
          signing_keys: { gpg_public_keys: [{ key_id: keyId, ascii_armor: readFileSync(join(dir, 'signing-key.asc'), 'utf8') }] },
        });
      }
      if (p.startsWith('/files/')) return sendFile(res, join(dir, normalize(p.slice('/files/'.length)).replace(/^(\.\.[/\\])+/, '')));
      json(res, 404, { errors: ['not found'] });
    },
    'http',
  );
  return started.then((s) => {
    base = s.url;
    return s;
  });
}

/** A static HTTPS file server over `dir` (a provider network mirror), with `cert`/`key` PEM. */
export function startHttpsFiles(dir: string, tls: { cert: string; key: string }): Promise<TestServer> {
  const server = createHttpsServer({ cert: tls.cert, key: tls.key });
  return listen(
    server,
    (req, res) => {
      const p = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname);
      sendFile(res, join(dir, normalize(p).replace(/^(\.\.[/\\])+/, '')));
    },
    'https',
  );
}
