import { describe, expect, it } from 'vitest';
import en from './en.json';
import ja from './ja.json';

function keysOf(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('message catalogues', () => {
  it('have the same keys in Japanese and English', () => {
    expect(keysOf(ja).sort()).toEqual(keysOf(en).sort());
  });

  it('have no empty message', () => {
    for (const [name, messages] of Object.entries({ ja, en })) {
      const empty = keysOf(messages).filter((key) => {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
        return typeof value !== 'string' || value.trim() === '';
      });
      expect(empty, name).toEqual([]);
    }
  });
});
