import { defineErrors } from '../../errors.js';

export const BallotErrors = defineErrors({
  notFound: { code: 'ballots.not_found', status: 404, message: 'No such cycle or district.' },
  sheetNotReady: {
    code: 'ballots.sheet_not_ready',
    status: 409,
    message: 'The ballot is published when voting opens (staff can preview it from the review phase).',
  },
  votingClosed: {
    code: 'ballots.voting_closed',
    status: 409,
    message: 'Ballots are accepted only while voting is open.',
  },
  alreadyVoted: {
    code: 'ballots.already_voted',
    status: 409,
    message: 'A ballot has already been cast for this person in this district.',
  },
  invalid: { code: 'ballots.invalid', status: 400, message: 'The ballot does not follow the rules of this cycle.' },
  verificationRequired: {
    code: 'ballots.verification_required',
    status: 403,
    message: 'This cycle asks for verified residents; verify your residency in your profile first.',
  },
  districtNotEligible: {
    code: 'ballots.district_not_eligible',
    status: 403,
    message: 'You can vote in your own district and in the city-wide one only.',
  },
  tooYoung: { code: 'ballots.too_young', status: 403, message: 'This cycle has a minimum voting age.' },
  ageUnknown: {
    code: 'ballots.age_unknown',
    status: 403,
    message:
      'This cycle has a minimum voting age and this voting code carries no birth year: vote with the census number or a code issued for the census entry.',
  },
  receiptNotFound: {
    code: 'ballots.receipt_not_found',
    status: 404,
    message: 'No replaceable ballot of yours has this receipt code.',
  },
  unknownVoter: {
    code: 'ballots.unknown_voter',
    status: 404,
    message: 'No resident with this census number or voting code.',
  },
  paperEntryClosed: {
    code: 'ballots.paper_entry_closed',
    status: 409,
    message: 'Paper ballots are entered during voting and tallying, until staff close paper entry.',
  },
  paperEntryNotClosable: {
    code: 'ballots.paper_entry_not_closable',
    status: 409,
    message: 'Paper entry is closed during tallying, once.',
  },
  immutable: {
    code: 'ballots.immutable',
    status: 409,
    message: 'Ballots and participations are never edited; a ballot is replaced only during voting.',
  },
  invalidUpload: { code: 'ballots.invalid_upload', status: 400, message: 'The file is not a paper ballot CSV.' },
  sheetsExceedPollBook: {
    code: 'ballots.sheets_exceed_poll_book',
    status: 409,
    message: 'This district already has as many paper sheets as the poll book has paper ballots handed out.',
  },
});
