import { describe, expect, it } from 'vitest';
import { MONEY_MAX, currencyDigits, currencyLabel, formatMoney, moneyInputValue, parseMoney } from './money.js';

describe('money', () => {
  it('knows how many decimals a currency has', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('PLN')).toBe(2);
    expect(currencyDigits('not a code')).toBe(0);
  });

  it('reads what people type as an integer in the smallest unit, without floating-point drift', () => {
    expect(parseMoney('10,000,000', 0)).toBe(10_000_000);
    expect(parseMoney(' 1 500 ', 0)).toBe(1500);
    expect(parseMoney('10.10', 2)).toBe(1010);
    expect(parseMoney('0.29', 2)).toBe(29);
    expect(parseMoney('7', 2)).toBe(700);
    expect(parseMoney('7.', 2)).toBe(700);
  });

  it('refuses negative amounts, decimals the currency lacks, words and amounts above the limit', () => {
    expect(parseMoney('-5', 0)).toBeUndefined();
    expect(parseMoney('1.5', 0)).toBeUndefined();
    expect(parseMoney('1.005', 2)).toBeUndefined();
    expect(parseMoney('ten', 0)).toBeUndefined();
    expect(parseMoney('', 0)).toBeUndefined();
    expect(parseMoney(String(MONEY_MAX + 1), 0)).toBeUndefined();
    expect(parseMoney(String(MONEY_MAX), 0)).toBe(MONEY_MAX);
  });

  it('formats an amount in the smallest unit for reading, in the language chosen', () => {
    expect(formatMoney(10_000_000, 'en', 'JPY')).toBe('¥10,000,000');
    expect(formatMoney(1010, 'en', 'PLN')).toMatch(/^PLN\s10\.10$/);
    expect(formatMoney(1500, 'ja', 'JPY')).toMatch(/1,500/);
  });

  it('accepts what a Japanese IME types: full-width digits, commas, spaces, 円 and 万', () => {
    expect(parseMoney('１２０００００', 0)).toBe(1_200_000);
    expect(parseMoney('１，２００，０００', 0)).toBe(1_200_000);
    expect(parseMoney('1、200、000', 0)).toBe(1_200_000);
    expect(parseMoney('１\u3000２００\u3000０００', 0)).toBe(1_200_000);
    expect(parseMoney('1,200,000円', 0)).toBe(1_200_000);
    expect(parseMoney('￥1,200,000', 0)).toBe(1_200_000);
    expect(parseMoney('１２０万', 0)).toBe(1_200_000);
    expect(parseMoney('１０．５０', 2)).toBe(1050);
    expect(parseMoney('１２万円', 0)).toBe(120_000);
    expect(parseMoney('１．５万', 0)).toBeUndefined();
    expect(parseMoney('－５', 0)).toBeUndefined();
    expect(parseMoney('百万', 0)).toBeUndefined();
  });

  it('shows yen as 円 in Japanese and with the yen sign in English', () => {
    expect(formatMoney(1_200_000, 'ja', 'JPY')).toBe('1,200,000円');
    expect(formatMoney(1_200_000, 'ja-JP', 'JPY')).toBe('1,200,000円');
    expect(formatMoney(1_200_000, 'en', 'JPY')).toBe('¥1,200,000');
    expect(currencyLabel('JPY', 'ja')).toBe('円');
    expect(currencyLabel('JPY', 'en')).toBe('JPY');
    expect(currencyLabel('PLN', 'ja')).toBe('PLN');
  });

  it('writes an amount back as a person would type it', () => {
    expect(moneyInputValue(10_000_000, 0)).toBe('10000000');
    expect(moneyInputValue(1010, 2)).toBe('10.10');
    expect(moneyInputValue(5, 2)).toBe('0.05');
    expect(parseMoney(moneyInputValue(123_456, 2), 2)).toBe(123_456);
  });
});
