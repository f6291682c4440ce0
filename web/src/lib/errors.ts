import { ApiError } from './api/client.js';

/**
 * Error codes with a message of their own in both catalogues (`errors.<code>`); anything else is
 * shown with the generic message. A unit test checks each has a message in ja and en.
 */
export const KNOWN_ERROR_CODES = [
  'auth.required',
  'auth.token_invalid',
  'auth.token_expired',
  'auth.token_revoked',
  'auth.account_disabled',
  'auth.invalid_credentials',
  'auth.forbidden',
  'auth.password_change_required',
  'auth.cross_site_request',
  'auth.email_taken',
  'auth.password_too_common',
  'auth.reset_token_invalid',
  'auth.rate_limited',
  'city.not_configured',
  'city.invalid_time_zone',
  'city.district_not_found',
  'city.district_slug_taken',
  'city.district_in_use',
  'users.not_found',
  'users.cannot_change_own_admin',
  'users.cannot_change_own_roles',
  'imports.invalid_file',
  'imports.empty_file',
  'imports.no_district',
  'imports.district_not_found',
  'verification.already_verified',
  'verification.census_no_match',
  'verification.census_entry_used',
  'verification.code_invalid',
  'verification.census_invalid_rows',
  'verification.census_empty',
  'verification.resident_numbers_rejected',
  'verification.voter_list_frozen',
  'cycles.not_found',
  'cycles.rules_frozen',
  'cycles.invalid_phase_move',
  'cycles.precondition_failed',
  'cycles.no_pending_move',
  'cycles.confirmation_by_requester',
  'cycles.confirmer_staff_too_recent',
  'cycles.invalid_schedule',
  'cycles.schedule_not_found',
  'cycles.invalid_rules',
  'cycles.unknown_district',
  'proposals.not_found',
  'proposals.submission_closed',
  'proposals.quota_reached',
  'proposals.verification_required',
  'proposals.district_not_in_cycle',
  'proposals.not_author',
  'proposals.editing_closed',
  'proposals.review_closed',
  'proposals.invalid_review',
  'proposals.image_invalid',
  'proposals.image_type_mismatch',
  'proposals.image_too_large',
  'proposals.image_animated',
  'proposals.image_limit',
  'proposals.image_alt_required',
  'proposals.image_not_found',
  'proposals.withdraw_closed',
  'discussion.comment_not_found',
  'discussion.comments_closed',
  'discussion.verification_required',
  'discussion.invalid_parent',
  'discussion.not_author',
  'discussion.edit_window_closed',
  'discussion.already_deleted',
  'discussion.already_flagged',
  'discussion.target_not_found',
  'ballots.not_found',
  'ballots.sheet_not_ready',
  'ballots.voting_closed',
  'ballots.already_voted',
  'ballots.invalid',
  'ballots.verification_required',
  'ballots.district_not_eligible',
  'ballots.too_young',
  'ballots.age_unknown',
  'ballots.receipt_not_found',
  'ballots.unknown_voter',
  'ballots.paper_entry_closed',
  'ballots.paper_entry_not_closable',
  'ballots.invalid_upload',
  'ballots.sheets_exceed_poll_book',
  'results.not_found',
  'results.not_ready',
  'results.count_stopped',
  'results.not_public',
  'results.immutable',
  'progress.cycle_not_found',
  'progress.not_published',
  'progress.project_not_found',
  'progress.not_funded',
  'progress.percent_mismatch',
  'progress.milestone_not_found',
  'request.invalid',
  'request.invalid_json',
  'request.too_large',
  'request.unsupported_media_type',
  'request.rate_limited',
  'network.unreachable',
  'internal.error',
  'service.unavailable',
] as const;

const KNOWN: ReadonlySet<string> = new Set(KNOWN_ERROR_CODES);

/**
 * Codes whose server message says what exactly is wrong (which rule contradicts which, which
 * district lacks a proposal): the app shows that message too, below its own translated one.
 */
const DETAILED_ERROR_CODES: ReadonlySet<string> = new Set([
  'cycles.invalid_rules',
  'cycles.precondition_failed',
  'cycles.invalid_phase_move',
  'cycles.invalid_schedule',
  'cycles.unknown_district',
  'proposals.quota_reached',
  'ballots.invalid',
  'ballots.invalid_upload',
  'imports.invalid_file',
]);

export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.code : undefined;
}

/** The message key for any thrown value: the code's own message, or the generic one. */
export function errorMessageKey(error: unknown): string {
  const code = errorCode(error);
  return code !== undefined && KNOWN.has(code) ? `errors.${code}` : 'errors.generic';
}

/** The server's own explanation (in English) for the codes that carry one, else undefined. */
export function errorDetail(error: unknown): string | undefined {
  return error instanceof ApiError && DETAILED_ERROR_CODES.has(error.code) && error.message !== ''
    ? error.message
    : undefined;
}

/**
 * Splits a failed request into the field it concerns (per the form's own map of codes to fields)
 * and the message key, so the form can tie the message to that field or show it for the whole form.
 */
export function placeError<F extends string>(
  error: unknown,
  fields: Partial<Record<string, F>>,
): { field: F | undefined; key: string } {
  const code = errorCode(error);
  return { field: code === undefined ? undefined : fields[code], key: errorMessageKey(error) };
}
