import { didYouMean, isProviderName, suggestProviderName } from './provider-name';

test('the app identifier pattern and its suggestion', () => {
  expect(isProviderName('google_drive')).toBe(true);
  expect(isProviderName('HubSpot')).toBe(false);
  expect(suggestProviderName(' HubSpot CRM ')).toBe('hubspot_crm');
  expect(suggestProviderName('Google-Drive!')).toBe('google_drive');
  expect(suggestProviderName('---')).toBe('');
  expect(didYouMean('hubspot')).toBe('Did you mean "hubspot"?');
  expect(didYouMean('hubspot', false)).toBe('did you mean "hubspot"?');
  expect(didYouMean('')).toBe('');
});
