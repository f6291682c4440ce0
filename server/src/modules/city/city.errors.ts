import { defineErrors } from '../../errors.js';

export const CityErrors = defineErrors({
  notConfigured: { code: 'city.not_configured', status: 503, message: 'The city has not been set up yet.' },
  invalidTimeZone: {
    code: 'city.invalid_time_zone',
    status: 400,
    message: 'Unknown time zone; use an IANA name such as Asia/Tokyo.',
  },
  districtNotFound: { code: 'city.district_not_found', status: 404, message: 'No such district.' },
  districtSlugTaken: { code: 'city.district_slug_taken', status: 409, message: 'Another district has this slug.' },
  districtInUse: {
    code: 'city.district_in_use',
    status: 409,
    message: 'This district is in use (residents, census entries or codes); retire it instead.',
  },
});
