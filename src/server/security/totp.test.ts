import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, stepAt, totpCode } from './totp.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890".
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('totpCode', () => {
  it('matches the RFC 6238 test vectors (last six digits)', () => {
    expect(totpCode(RFC_SECRET, stepAt(new Date(59_000)))).toBe('287082');
    expect(totpCode(RFC_SECRET, stepAt(new Date(1111111109_000)))).toBe('081804');
    expect(totpCode(RFC_SECRET, stepAt(new Date(2000000000_000)))).toBe('279037');
  });
  it('round-trips base32', () => {
    expect(base32Decode(RFC_SECRET).toString()).toBe('12345678901234567890');
  });
});

describe('matchTotp', () => {
  const t = new Date('2026-11-26T08:00:10Z');
  it('accepts the current code and one step of drift either side, and no further', () => {
    const s = stepAt(t);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, s), t, null)).toBe(s);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, s - 1), t, null)).toBe(s - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, s + 1), t, null)).toBe(s + 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, s - 2), t, null)).toBeNull();
  });
  it('refuses a code already used', () => {
    const s = stepAt(t);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, s), t, s)).toBeNull();
  });
});
