// Pagination as Workato's list endpoints do it: `page` (default 1) and `per_page` (default 100,
// capped at 100 rather than refused); anything but a whole number >= 1 is a 400.

import { ok, validationFailed, type Reply } from './http';

/** `per_page` default and cap, per the reference page ("default 100, max 100"). */
export const MAX_PER_PAGE = 100;

const NOT_A_PAGE = 'must be an integer greater than or equal to 1';

/** `page` / `per_page`: absent → default; otherwise a whole number >= 1 written in digits. */
function parsePageParam(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

/** The page of `items` the query asks for, in the `result` wrapper, or the 400 for a bad query. */
export function pageOf<T>(items: readonly T[], query: Record<string, string>): Reply {
  const page = parsePageParam(query.page, 1);
  const perPage = parsePageParam(query.per_page, MAX_PER_PAGE);
  const errors: Record<string, string[]> = {};
  if (page === undefined) errors.page = [NOT_A_PAGE];
  if (perPage === undefined) errors.per_page = [NOT_A_PAGE];
  if (page === undefined || perPage === undefined) return validationFailed(errors);
  // Workato caps per_page at 100 rather than refusing more, so a client asking for 500 gets 100.
  const size = Math.min(perPage, MAX_PER_PAGE);
  const start = (page - 1) * size;
  return ok(start >= Number.MAX_SAFE_INTEGER ? [] : items.slice(start, start + size));
}
