/**
 * Amounts travel as integers in the currency's smallest unit (JPY has none below the yen; PLN has
 * grosze). People type and read them in the main unit, so the app converts at the edges, with
 * string arithmetic rather than floating point so that 10.10 never becomes 1009.
 */

/** The largest amount the API accepts for a budget or a cost (smallest unit). */
export const MONEY_MAX = 9_000_000_000_000;

/** How many decimals the currency has (0 for JPY, 2 for PLN and EUR); 0 for an unknown code. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  } catch {
    return 0;
  }
}

/**
 * An amount in the smallest unit, formatted for reading (`¥10,000,000`, `10 000,00 zł`). Yen in
 * Japanese read as `1,200,000円`, the way amounts are written on Japanese forms and notices.
 */
export function formatMoney(amount: number, locale: string | null | undefined, currency: string): string {
  const digits = currencyDigits(currency);
  if (currency === 'JPY' && (locale ?? '').startsWith('ja') && Number.isSafeInteger(amount)) {
    return `${new Intl.NumberFormat('ja-JP').format(amount)}円`;
  }
  try {
    return new Intl.NumberFormat(locale ?? undefined, { style: 'currency', currency }).format(amount / 10 ** digits);
  } catch {
    return `${String(amount)} ${currency}`;
  }
}

/** The currency as a word in a hint: 円 in Japanese for yen, else the ISO code (`JPY`, `PLN`). */
export function currencyLabel(currency: string, locale: string | null | undefined): string {
  return currency === 'JPY' && (locale ?? '').startsWith('ja') ? '円' : currency;
}

/**
 * What a Japanese IME types, made plain: full-width digits, commas, stops and spaces (NFKC), the
 * ideographic comma and full stop, and a trailing 円 or ￥/¥ sign. Numbers only; no other meaning changes.
 */
export function normaliseDigits(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[、，]/g, ',')
    .replace(/[。．]/g, '.')
    .replace(/^\s*[¥￥]/, '')
    .replace(/円\s*$/, '')
    .trim();
}

/**
 * What a person typed (`10,000,000`, `1 500.50`, `１，２００，０００`, `120万`) as an integer in the
 * smallest unit, or undefined when it is not a non-negative amount with at most `digits` decimals
 * within {@link MONEY_MAX}.
 */
export function parseMoney(text: string, digits: number): number | undefined {
  const plain = normaliseDigits(text).replace(/[\s,_]/g, '');
  const man = /^(\d+)万$/.exec(plain);
  const compact = man === null ? plain : `${man[1] ?? ''}0000`;
  const match = /^(\d+)(?:\.(\d*))?$/.exec(compact);
  if (match === null) return undefined;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const amount = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(amount) && amount <= MONEY_MAX ? amount : undefined;
}

/** An amount in the smallest unit as a person would type it (no grouping), for editing. */
export function moneyInputValue(amount: number, digits: number): string {
  if (digits === 0) return String(amount);
  const text = String(amount).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
