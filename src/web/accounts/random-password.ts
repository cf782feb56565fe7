const SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=?!'];

/**
 * An initial password that meets the policy (12 characters, all four classes, no look-alike characters
 * such as 0/O and 1/l), for an administrator to hand over; the user must change it at first sign-in.
 */
export function randomPassword(random: (n: number) => number = secureRandom): string {
  const chars = SETS.map((s) => s[random(s.length)]!);
  const all = SETS.join('');
  while (chars.length < 12) chars.push(all[random(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

function secureRandom(n: number): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! % n;
}
