import { describe, expect, it } from 'vitest';
import en from './en.json';
import ja from './ja.json';

/**
 * Variants docs/glossary.md rejects: each concept has one term, so a resident never wonders
 * whether 控えのコード and 受付番号 are two different things.
 */
const REJECTED_JA: Record<string, string> = {
  控えのコード: '受付番号',
  受付コード: '受付番号',
  レシート: '受付番号',
  住民確認コード: '投票コード',
  認証コード: '投票コード',
  確認コード: '投票コード',
  有権者名簿: '住民名簿',
  選挙人名簿: '投票者名簿',
  住民コード: '住民番号',
  プロジェクト: '事業',
  スタッフ: '職員',
  サインイン: 'ログイン',
  エリア: '地区',
  フェーズ: '段階',
  予算期: '予算サイクル',
  'JPY 単位': '金額（円）',
};

const REJECTED_EN: Record<string, string> = {
  'receipt number': 'receipt code',
  'verification code': 'voting code',
  'voter list': 'census register or poll book',
  'log in': 'sign in',
  'resident code': 'resident number',
};

/** Slips that are never right in Japanese: a doubled particle or punctuation mark. */
const SLIPS_JA = [/をを/, /をは/, /がが/, /はは/, /にに/, /をが/, /、、/, /。。/, /、。/];

function messages(node: unknown, path = ''): [string, string][] {
  if (typeof node === 'string') return [[path, node]];
  return Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
    messages(value, path === '' ? key : `${path}.${key}`),
  );
}

describe('one term per concept (docs/glossary.md)', () => {
  it('the Japanese messages use none of the rejected variants', () => {
    const found = messages(ja).flatMap(([key, text]) =>
      Object.entries(REJECTED_JA)
        .filter(([variant]) => text.includes(variant))
        .map(([variant, term]) => `${key}: "${variant}" → "${term}"`),
    );
    expect(found).toEqual([]);
  });

  it('the English messages use none of the rejected variants', () => {
    const found = messages(en).flatMap(([key, text]) =>
      Object.entries(REJECTED_EN)
        .filter(([variant]) => text.toLowerCase().includes(variant))
        .map(([variant, term]) => `${key}: "${variant}" → "${term}"`),
    );
    expect(found).toEqual([]);
  });

  it('the Japanese messages have no doubled particles or punctuation', () => {
    const found = messages(ja).filter(([, text]) => SLIPS_JA.some((slip) => slip.test(text)));
    expect(found).toEqual([]);
  });

  it('catches a rejected variant when one is there', () => {
    const sample = messages({ a: { b: '控えのコードを入力' } });
    expect(sample.filter(([, text]) => text.includes('控えのコード'))).toEqual([['a.b', '控えのコードを入力']]);
  });
});
