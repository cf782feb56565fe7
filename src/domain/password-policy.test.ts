import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

describe('passwordProblems', () => {
  it('accepts a ten-character password of three character classes', () => {
    expect(passwordProblems('Abcdefgh12', 'zhang')).toEqual([]);
  });
  it('refuses nine characters', () => {
    expect(passwordProblems('Abcdefg12', 'zhang')).toContain('密码至少 10 位');
  });
  it('refuses two character classes', () => {
    expect(passwordProblems('abcdefgh1234', 'zhang')).toHaveLength(1);
  });
  it('refuses a password containing the user name', () => {
    expect(passwordProblems('Zhang@12345', 'zhang')).toEqual(['密码不能包含用户名']);
  });
});
