/**
 * Exact decimal numbers as scaled integers: `12.5` is `{ units: 125n, scale: 1 }`. Budgets and
 * costs in pabulib files can be non-integer, and allocation must be exact, so money never becomes
 * a float outside the rules' fast paths.
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_PATTERN = /^([+-]?)(\d+)(?:[.,](\d+))?$/;

/** Parses `123`, `106165.64` or `106165,64` (pabutools accepts a comma decimal mark). */
export function parseDecimal(text: string): Decimal | undefined {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const units = BigInt(`${whole}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

export function rescale(value: Decimal, scale: number): bigint {
  if (scale < value.scale) throw new RangeError('cannot rescale to fewer decimals');
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Formats scaled units as a plain decimal string without trailing zeros: 12500 at scale 3 → `12.5`. */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
