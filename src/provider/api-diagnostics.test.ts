// The provider's advice on API errors: which setting or command fixes each kind of failure.
import {
  AmbiguousCreateError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  UnexpectedResponseError,
  ValidationError,
} from '../client/errors';
import { Diagnostics } from '../plugin/framework';
import { addApiError, apiErrorAdvice } from './api-diagnostics';

const where = { method: 'GET', path: '/api/custom_oauth_profiles/7', url: 'https://www.workato.com/api/custom_oauth_profiles/7' };

describe('apiErrorAdvice', () => {
  it.each([
    [new UnauthorizedError({ ...where, status: 401 }), /Check the API token.*role includes custom OAuth profiles/],
    [new ForbiddenError({ ...where, status: 403 }), /enabled for the Workato account.*role allows this action/],
    [new NotFoundError({ ...where, status: 404 }), /does not exist: it may have been deleted in Workato/],
    [new RateLimitError({ ...where, status: 429 }, 30), /Lower requests_per_minute.*retry later/],
    [new ServerError({ ...where, status: 502 }), /retry later.*correlation id/],
    [new TimeoutError(where, 60_000), /40 s.*raise request_timeout_seconds/],
    [new NetworkError(where, 'ECONNREFUSED'), /Check base_url \/ data_center/],
    [new UnexpectedResponseError({ ...where, status: 404 }, 'misrouted'), /Check base_url: it must be the Workato host root.*Requests went to https:\/\/www\.workato\.com\/api/],
    [new UnexpectedResponseError(where, 'malformed', 'a profile lacks user_id (an integer)'), /Check base_url/],
    [new UnexpectedResponseError(where, 'no-pagination'), /does not seem to support pagination: check base_url/],
    [new AmbiguousCreateError({ method: 'POST', path: '/api/custom_oauth_profiles' }, [4, 9]), /terraform import/],
    [new ValidationError({ ...where, status: 400 }), /Fix the values Workato rejected/],
  ])('#%# names the setting or command that fixes it', (error, pattern) => {
    expect(apiErrorAdvice(error)).toMatch(pattern);
  });

  it('follows the client message in the diagnostic, placed on the attribute Workato named', () => {
    const diags = new Diagnostics();
    const error = new ValidationError({ ...where, method: 'PUT', status: 400, fieldErrors: { provider: ['is not included in the list'] } });
    addApiError(diags, 'Could not update', error, { provider: 'provider_name' });
    expect(diags.items).toEqual([
      expect.objectContaining({
        severity: 'error',
        attribute: ['provider_name'],
        detail: expect.stringMatching(/^Workato rejected provider_name: is not included in the list\.\n\nWorkato API PUT .* failed with 400\..* Fix the values/s),
      }),
    ]);
  });
});
