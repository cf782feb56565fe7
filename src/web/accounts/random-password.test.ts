import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../domain/password-policy.ts';
import { randomPassword } from './random-password.ts';

describe('randomPassword', () => {
  it('always meets the password policy', () => {
    for (let i = 0; i < 200; i++) expect(passwordProblems(randomPassword(), 'someone')).toEqual([]);
  });
});
