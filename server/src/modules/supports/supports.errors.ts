import { defineErrors } from '../../errors.js';

export const SupportErrors = defineErrors({
  disabled: { code: 'supports.disabled', status: 409, message: 'This cycle does not collect supports.' },
  closed: {
    code: 'supports.closed',
    status: 409,
    message: 'Proposals can be supported (or a support withdrawn) only during the submission phase.',
  },
  notSupportable: {
    code: 'supports.not_supportable',
    status: 409,
    message: 'A withdrawn, merged or hidden proposal cannot be supported.',
  },
  verificationRequired: {
    code: 'supports.verification_required',
    status: 403,
    message: 'This cycle asks for verified residents; verify your residency in your profile first.',
  },
  districtNotEligible: {
    code: 'supports.district_not_eligible',
    status: 403,
    message: 'You can support proposals of your own district and city-wide ones only.',
  },
  tooYoung: { code: 'supports.too_young', status: 403, message: 'This cycle has a minimum age for taking part.' },
  ageUnknown: {
    code: 'supports.age_unknown',
    status: 403,
    message: 'This cycle has a minimum age and your verification carries no birth year.',
  },
});
