import type { UnitView } from '../../api/units.ts';

export interface UnitNode extends UnitView {
  children?: UnitNode[];
}

/**
 * Nests a flat, scope-filtered list of units by parent code. A unit whose parent is not in the list (the
 * town of a town user, the village of a village user) becomes a root. Children keep code order.
 */
export function buildUnitTree(units: readonly UnitView[]): UnitNode[] {
  const byCode = new Map<string, UnitNode>();
  for (const u of [...units].sort((a, b) => a.code.localeCompare(b.code))) byCode.set(u.code, { ...u });
  const roots: UnitNode[] = [];
  for (const node of byCode.values()) {
    const parent = node.parentCode ? byCode.get(node.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** Units whose name, official name or code contains the text. */
export function filterUnits(units: readonly UnitView[], text: string): UnitView[] {
  const t = text.trim();
  if (!t) return [...units];
  return units.filter((u) => u.name.includes(t) || u.officialName.includes(t) || u.code.includes(t));
}
