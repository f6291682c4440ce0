import { defineErrors } from '../../errors.js';

export const CityErrors = defineErrors({
  notConfigured: { code: 'city.not_configured', status: 503, message: 'The city has not been set up yet.' },
});
