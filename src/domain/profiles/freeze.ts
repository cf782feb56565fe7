/** Deep-freezes a profile so no caller can change a shared standard by accident (tests copy, never mutate). */
export function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v !== null && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(value);
}
