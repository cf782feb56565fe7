import { Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type Key } from 'react';
import { Link } from 'react-router';
import type { UnitView } from '../../api/units.ts';
import { UNIT_KIND_COLORS, UNIT_KIND_LABELS } from '../labels.ts';
import { buildUnitTree, filterUnits, type UnitNode } from './tree.ts';

/**
 * Units as a tree (district → towns → villages/communities), or a flat list while searching. Scrolls
 * sideways on a phone rather than squeezing columns.
 */
export function UnitTable({
  units,
  loading,
  search = '',
  extraColumns = [],
}: {
  units: UnitView[];
  loading: boolean;
  search?: string;
  extraColumns?: TableColumnsType<UnitNode>;
}) {
  const names = useMemo(() => new Map(units.map((u) => [u.code, u.name])), [units]);
  const data: UnitNode[] = useMemo(
    () => (search.trim() ? filterUnits(units, search) : buildUnitTree(units)),
    [units, search],
  );
  // Open the roots (the district, or a town user's town) so the next level shows at once.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const expandedKeys =
    expanded ??
    buildUnitTree(units)
      .filter((r) => r.kind === 'district' || r.kind === 'town')
      .map((r) => r.code);

  const columns: TableColumnsType<UnitNode> = [
    {
      title: '名称',
      dataIndex: 'name',
      key: 'name',
      render: (_v, u) => (
        <Link to={`/units/${u.code}`} style={{ whiteSpace: 'nowrap' }}>
          {u.name}
        </Link>
      ),
    },
    {
      title: '类型',
      dataIndex: 'kind',
      key: 'kind',
      width: 110,
      render: (k: UnitView['kind']) => <Tag color={UNIT_KIND_COLORS[k]}>{UNIT_KIND_LABELS[k]}</Tag>,
    },
    {
      title: '统计用区划代码',
      dataIndex: 'code',
      key: 'code',
      width: 150,
      render: (c: string) => <Typography.Text copyable={{ text: c }}>{c}</Typography.Text>,
    },
    {
      title: '状态',
      key: 'active',
      width: 150,
      render: (_v, u) =>
        u.active ? (
          <Tag color="success">正常</Tag>
        ) : (
          <Tag>{u.mergedInto ? `已并入${names.get(u.mergedInto) ?? u.mergedInto}` : '停用'}</Tag>
        ),
    },
    ...extraColumns,
  ];

  return (
    <Table<UnitNode>
      rowKey="code"
      size="middle"
      columns={columns}
      dataSource={data}
      loading={loading}
      pagination={search.trim() ? { pageSize: 50, hideOnSinglePage: true } : false}
      scroll={{ x: 'max-content' }}
      expandable={{ expandedRowKeys: expandedKeys, onExpandedRowsChange: (keys) => setExpanded(keys) }}
      locale={{ emptyText: '没有可显示的单位' }}
    />
  );
}
