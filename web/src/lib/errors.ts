import { ApiError } from './api/client.js';

/**
 * Error codes with a message of their own in both catalogues (`errors.<code>`); anything else is
 * shown with the generic message. A unit test reads every code the server modules declare
 * (`*.errors.ts`) and checks this list holds each, with a message in ja and en.
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
  'users.privileged_account',
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
  'proposals.point_out_of_range',
  'proposals.submission_closed',
  'proposals.quota_reached',
  'proposals.verification_required',
  'proposals.district_not_in_cycle',
  'proposals.not_author',
  'proposals.editing_closed',
  'proposals.review_closed',
  'proposals.invalid_review',
  'proposals.merge_other_district',
  'proposals.image_invalid',
  'proposals.image_type_mismatch',
  'proposals.image_too_large',
  'proposals.image_animated',
  'proposals.image_limit',
  'proposals.image_alt_required',
  'proposals.image_not_found',
  'proposals.withdraw_closed',
  'supports.disabled',
  'supports.closed',
  'supports.not_supportable',
  'supports.verification_required',
  'supports.district_not_eligible',
  'supports.too_young',
  'supports.age_unknown',
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
  'ballots.immutable',
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
  'route.not_found',
  'route.method_not_allowed',
  'metrics.unauthorized',
  'metrics.disabled',
  'network.unreachable',
  'internal.error',
  'service.unavailable',
] as const;

const KNOWN: ReadonlySet<string> = new Set(KNOWN_ERROR_CODES);

/**
 * Codes whose refusal says what exactly is wrong (which rule contradicts which, which district lacks
 * a proposal). The server names the case in `params.reason`; each reason listed here has a message
 * of its own, `glossary.errorDetails.<code>.<reason>`, worded with the other params. A unit test
 * checks each has one in ja and en.
 */
export const ERROR_DETAIL_REASONS: Readonly<Record<string, readonly string[]>> = {
  'cycles.precondition_failed': [
    'no_districts',
    'district_retired',
    'districts_without_proposals',
    'paper_entry_open',
    'count_running',
  ],
  'cycles.invalid_phase_move': ['frozen', 'one_step', 'one_step_forward', 'last_phase'],
  'cycles.invalid_schedule': ['not_future', 'not_later'],
  'cycles.unknown_district': ['unknown_district'],
  'cycles.invalid_rules': [
    'field_not_for_method',
    'min_above_max',
    'points_needed',
    'per_project_above_points',
    'ranks_needed',
    'utility_needs_scores',
    'mes_only',
    'seed_needed',
  ],
  'proposals.quota_reached': ['quota'],
  'ballots.invalid': ['no_numbers', 'not_a_number', 'unknown_number', 'points_missing', 'points_not_allowed'],
};

/** Codes whose English message still explains more than the code's own message, when no reason is given. */
const ENGLISH_DETAIL_CODES: ReadonlySet<string> = new Set([
  'ballots.invalid',
  'ballots.invalid_upload',
  'imports.invalid_file',
]);

/** The server's explanation of a refusal: a message of the app's own with its figures, or the English text. */
export type ErrorDetail = { key: string; values: Readonly<Record<string, string | number>> } | { english: string };

export function errorCode(error: unknown): string | undefined {
  return error instanceof ApiError ? error.code : undefined;
}

/** The message key for any thrown value: the code's own message, or the generic one. */
export function errorMessageKey(error: unknown): string {
  const code = errorCode(error);
  return code !== undefined && KNOWN.has(code) ? `errors.${code}` : 'errors.generic';
}

/** The app's own message for the case the server named in `params.reason`, if it has one. */
export function reasonDetail(
  code: string,
  params: Readonly<Record<string, string | number>> | undefined,
): { key: string; values: Readonly<Record<string, string | number>> } | undefined {
  const reason = params?.reason;
  const reasons = ERROR_DETAIL_REASONS[code];
  if (params === undefined || reasons === undefined || typeof reason !== 'string' || !reasons.includes(reason)) {
    return undefined;
  }
  return { key: `glossary.errorDetails.${code}.${reason}`, values: params };
}

/**
 * The server's explanation for the codes that carry one: the app's own message for its reason when
 * the server named one, else the server's English text; undefined for other codes.
 */
export function errorDetail(error: unknown): ErrorDetail | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const worded = reasonDetail(error.code, error.params);
  if (worded !== undefined) return worded;
  const explains = ERROR_DETAIL_REASONS[error.code] !== undefined || ENGLISH_DETAIL_CODES.has(error.code);
  return explains && error.message !== '' ? { english: error.message } : undefined;
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
