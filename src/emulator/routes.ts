// The route table: each Workato resource contributes endpoints (a path and a handler per method),
// and a request is routed before its body is read or its token checked, so that an unknown path
// (404) or method (405) needs no token and has no body buffered.

import type { Body, Reply } from './http';
import { message } from './http';

/** What an endpoint handler gets: a request that passed auth and the rate limit, body read. */
export interface EndpointRequest extends Body {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The path pattern's captured groups, e.g. the id in `/api/custom_oauth_profiles/:id`. */
  params: string[];
}

export type Handler = (req: EndpointRequest) => Reply;

/** One path of the API: exact, or a RegExp whose groups become `params`; methods in `Allow` order. */
export interface Endpoint {
  path: string | RegExp;
  methods: Partial<Record<string, Handler>>;
}

/** Where a request goes: a handler, or the 404 / 405 answered before auth. */
export type Route =
  | { kind: 'endpoint'; handler: Handler; params: string[] }
  | { kind: 'unknown' }
  | { kind: 'method'; allowed: string[] };

export function routeOf(table: readonly Endpoint[], method: string, path: string): Route {
  for (const endpoint of table) {
    const params = matchPath(endpoint.path, path);
    if (params === undefined) continue;
    const handler = Object.hasOwn(endpoint.methods, method) ? endpoint.methods[method] : undefined;
    if (handler === undefined) return { kind: 'method', allowed: Object.keys(endpoint.methods) };
    return { kind: 'endpoint', handler, params };
  }
  return { kind: 'unknown' };
}

function matchPath(pattern: string | RegExp, path: string): string[] | undefined {
  if (typeof pattern === 'string') return pattern === path ? [] : undefined;
  const found = pattern.exec(path);
  return found === null ? undefined : found.slice(1);
}

/** The answer for a route that has no handler: 404 for an unknown path, 405 with `Allow`. */
export function notRouted(route: Exclude<Route, { kind: 'endpoint' }>, method: string, path: string): Reply {
  if (route.kind === 'unknown') return message(404, `Not found: ${method} ${path} is not an endpoint of this API`);
  const allowed = route.allowed.join(', ');
  const hint = method === 'PATCH' ? ' (updates are PUT with the whole payload)' : '';
  return message(405, `Method ${method} is not allowed on ${path}; allowed: ${allowed}${hint}`, { allow: allowed });
}
