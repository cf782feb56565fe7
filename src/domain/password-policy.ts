/**
 * 口令复杂度 — GB/T 22239-2019 §8.1.4.1 a): passwords of at least 10 characters mixing at least three of
 * upper case, lower case, digits and symbols, and not containing the user name.
 */
export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`密码至少 ${PASSWORD_MIN_LENGTH} 位`);
  if (password.length > 128) problems.push('密码不能超过 128 位');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('密码须包含大写字母、小写字母、数字、符号中的至少三类');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('密码不能包含用户名');
  return problems;
}
