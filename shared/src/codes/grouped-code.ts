/**
 * Human-typable one-time codes (voting codes now, receipt codes later): Crockford base32, which
 * has no I, L, O or U, so a code read aloud or copied from paper is hard to get wrong, shown in
 * groups of four. Pure: the caller supplies the random bytes.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUP_SIZE = 4;

/** Encodes every 5 bits of `bytes` as one character (trailing bits are padded with zeros). */
export function encodeBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += CROCKFORD_ALPHABET.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += CROCKFORD_ALPHABET.charAt((buffer << (5 - bits)) & 31);
  return output;
}

export function groupCode(code: string): string {
  const groups: string[] = [];
  for (let index = 0; index < code.length; index += GROUP_SIZE) groups.push(code.slice(index, index + GROUP_SIZE));
  return groups.join('-');
}

/**
 * The canonical form of what someone typed: case, spaces and hyphens ignored, and the letters
 * people confuse with digits read as those digits. Returns null when a character cannot be part
 * of a code.
 */
export function normalizeCode(typed: string): string | null {
  const compact = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐-―ー]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length === 0) return null;
  for (const character of compact) if (!CROCKFORD_ALPHABET.includes(character)) return null;
  return compact;
}

/** Characters needed for `bits` bits of entropy. */
export function codeLengthForBits(bits: number): number {
  return Math.ceil(bits / 5);
}
