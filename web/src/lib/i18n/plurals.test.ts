import { addMessages, init, unwrapFunctionStore, format } from 'svelte-i18n';
import { beforeAll, describe, expect, it } from 'vitest';
import en from './en.json';
import ja from './ja.json';

const t = unwrapFunctionStore(format);

beforeAll(async () => {
  addMessages('en', en);
  addMessages('ja', ja);
  await init({ fallbackLocale: 'en', initialLocale: 'en' });
});

describe('English counts', () => {
  it.each([
    ['ballot.approvalRefused', { project: 'Benches', maximum: 1 }, 'you can choose at most 1 project.'],
    ['ballot.approvalRefused', { project: 'Benches', maximum: 2 }, 'you can choose at most 2 projects.'],
    ['ballot.approvalRange', { minimum: 0, maximum: 1 }, 'Choose from 0 to 1 project.'],
    ['ballot.approvalExact', { count: 1 }, 'Choose exactly 1 project.'],
    ['ballot.rankRule', { maximum: 1 }, 'You can rank up to 1 project.'],
    ['ballot.rankRefused', { project: 'Benches', maximum: 1 }, 'you can rank at most 1 project.'],
    ['ballot.pointsRule', { total: 1, maximum: 1 }, 'You have 1 point.'],
    ['ballot.pointsLeft', { count: 0, total: 1 }, '0 of 1 point left'],
    ['ballot.pointsLeft', { count: 5, total: 5 }, '5 of 5 points left'],
    ['ballotProblems.too_many_projects', { count: 1, given: 2 }, 'Choose at most 1 project (2 chosen).'],
    ['printBallot.instructions.cumulative', { points: 1, maximum: 1 }, 'Write points in the boxes: 1 point in all'],
    ['census.applyButton', { count: 1 }, 'Replace the register with this 1 entry'],
    ['census.applyButton', { count: 1234 }, 'Replace the register with these 1,234 entries'],
    ['census.rejectedStatus', { count: 1 }, '1 line has problems.'],
    ['cycles.quotaNote', { quota: 1 }, 'Each resident can submit up to 1 proposal.'],
    ['codes.slipsLabel', { count: 1 }, '1 code slip'],
    ['validation.tooShort', { min: 1 }, 'Please write at least 1 character.'],
  ])('%s with %o reads “%s”', (key, values, expected) => {
    expect(t(key, { locale: 'en', values })).toContain(expected);
  });

  it('Japanese has no plural forms but takes the same values', () => {
    expect(t('ballot.approvalExact', { locale: 'ja', values: { count: 1 } })).toBe('1件を選んでください。');
    expect(t('census.applyButton', { locale: 'ja', values: { count: 1234 } })).toBe('この 1,234 件で名簿を置き換える');
  });
});
