import { defineErrors } from '../../errors.js';

export const ImportErrors = defineErrors({
  invalidFile: {
    code: 'imports.invalid_file',
    status: 400,
    message: 'The file is not a pabulib election this platform can import; nothing was written.',
  },
  noDistrict: {
    code: 'imports.no_district',
    status: 400,
    message: 'The city has no city-wide district: choose the district the election belongs to.',
  },
  districtNotFound: { code: 'imports.district_not_found', status: 404, message: 'No such district.' },
  emptyFile: { code: 'imports.empty_file', status: 400, message: 'The file is empty.' },
});
