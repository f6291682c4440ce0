import { defineErrors } from '../../errors.js';

export const CycleErrors = defineErrors({
  notFound: { code: 'cycles.not_found', status: 404, message: 'No such budget cycle.' },
  rulesFrozen: {
    code: 'cycles.rules_frozen',
    status: 409,
    message: 'Voting has opened: rules, districts, budgets and the ballot list can no longer change.',
  },
  invalidPhaseMove: {
    code: 'cycles.invalid_phase_move',
    status: 409,
    message: 'A cycle moves to the next phase, or back one step before voting opens.',
  },
  preconditionFailed: {
    code: 'cycles.precondition_failed',
    status: 409,
    message: 'The cycle is not ready for this phase.',
  },
  noPendingMove: { code: 'cycles.no_pending_move', status: 409, message: 'No phase move is waiting for confirmation.' },
  confirmerStaffTooRecent: {
    code: 'cycles.confirmer_staff_too_recent',
    status: 403,
    message: 'You became staff after this move was requested, so another staff member must confirm it.',
  },
  confirmationByRequester: {
    code: 'cycles.confirmation_by_requester',
    status: 403,
    message: 'A second staff member must confirm this move, not the one who asked for it.',
  },
  invalidSchedule: {
    code: 'cycles.invalid_schedule',
    status: 400,
    message: 'Schedule a later phase at a future date and time that exists in the city.',
  },
  scheduleNotFound: { code: 'cycles.schedule_not_found', status: 404, message: 'No such pending scheduled move.' },
  invalidRules: { code: 'cycles.invalid_rules', status: 400, message: 'The voting rules are inconsistent.' },
  unknownDistrict: {
    code: 'cycles.unknown_district',
    status: 400,
    message: 'A district is unknown, retired or listed twice.',
  },
});
