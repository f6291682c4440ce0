import { defineErrors } from '../../errors.js';

export const VerificationErrors = defineErrors({
  alreadyVerified: { code: 'verification.already_verified', status: 409, message: 'This account is already verified.' },
  censusNoMatch: {
    code: 'verification.census_no_match',
    status: 422,
    message: 'No resident with this number and birth year is on the list.',
  },
  censusEntryUsed: {
    code: 'verification.census_entry_used',
    status: 409,
    message: 'This resident number has already verified another account; ask the city office.',
  },
  codeInvalid: {
    code: 'verification.code_invalid',
    status: 422,
    message: 'This code is not valid or has already been used.',
  },
  censusInvalidRows: {
    code: 'verification.census_invalid_rows',
    status: 422,
    message: 'The census file has invalid lines; nothing was replaced. See the report.',
  },
  censusEmpty: { code: 'verification.census_empty', status: 422, message: 'The census file has no data rows.' },
  residentNumbersRejected: {
    code: 'verification.resident_numbers_rejected',
    status: 422,
    message:
      'Some resident numbers cannot take a letter (not a resident number, not on the census list, repeated, or in a retired district); no codes were issued. See the list.',
  },
  voterListFrozen: {
    code: 'verification.voter_list_frozen',
    status: 409,
    message:
      'A cycle is in voting or tallying, so the voter list is frozen: the census cannot be replaced or deleted and no voting codes can be issued until its count is done.',
  },
});
