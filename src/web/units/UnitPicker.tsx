import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import type { UnitView } from '../../api/units.ts';
import { useUnits } from '../api/hooks.ts';
import { UNIT_KIND_LABELS } from '../labels.ts';
import { buildUnitTree, type UnitNode } from './tree.ts';

interface TreeOption {
  value: string;
  title: string;
  selectable: boolean;
  disabled?: boolean;
  children?: TreeOption[];
}

/** Tree options where only units of the given kinds are selectable; branches without any are dropped. */
export function unitOptions(units: readonly UnitView[], kinds: readonly UnitView['kind'][]): TreeOption[] {
  const walk = (nodes: UnitNode[]): TreeOption[] =>
    nodes.flatMap((n) => {
      const children = n.children ? walk(n.children) : [];
      const selectable = kinds.includes(n.kind) && n.active;
      if (!selectable && children.length === 0) return [];
      return [
        {
          value: n.code,
          title: `${n.name}（${UNIT_KIND_LABELS[n.kind]}）`,
          selectable,
          ...(children.length ? { children } : {}),
        },
      ];
    });
  return walk(buildUnitTree(units));
}

/** Picks one unit of the given kinds (e.g. villages and communities for a village staff account). */
export function UnitPicker({
  kinds,
  value,
  onChange,
  id,
  placeholder = '输入名称查找，或展开镇（街道）选择',
}: {
  kinds: readonly UnitView['kind'][];
  value?: string | null;
  onChange?: (code: string | null) => void;
  id?: string;
  placeholder?: string;
}) {
  const units = useUnits();
  const treeData = useMemo(() => unitOptions(units.data ?? [], kinds), [units.data, kinds]);
  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      treeData={treeData}
      loading={units.isPending}
      showSearch={{ treeNodeFilterProp: 'title' }}
      allowClear
      placeholder={placeholder}
      treeDefaultExpandedKeys={treeData.map((t) => t.value)}
      style={{ width: '100%' }}
      popupMatchSelectWidth
      data-testid="unit-picker"
    />
  );
}
