import { Card, Checkbox, Input, Typography } from 'antd';
import { useState } from 'react';
import { useMe, useUnits } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { UnitTable } from '../../units/UnitTable.tsx';

/** 单位: the units in the user's scope — a village user sees their own, a town user their town. */
export default function UnitsPage() {
  const me = useMe().data;
  const [search, setSearch] = useState('');
  const [includeInactive, setIncludeInactive] = useState(false);
  const units = useUnits({ includeInactive });
  const list = units.data ?? [];
  const scope = me?.user.unitName ? `${me.user.unitName}及下辖单位` : '全区';

  return (
    <PageContainer
      title="单位"
      extra={
        <>
          <Input.Search
            allowClear
            placeholder="按名称或代码查找"
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
            style={{ width: 220 }}
          />
          <Checkbox checked={includeInactive} onChange={(e) => setIncludeInactive(e.target.checked)}>
            含已合并
          </Checkbox>
        </>
      }
    >
      <Card size="small">
        <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
          您可查看的范围：{me?.user.role === 'village_staff' ? (me.user.unitName ?? '本单位') : scope}，共{' '}
          {list.length} 个单位。
        </Typography.Paragraph>
        <UnitTable units={list} loading={units.isPending} search={search} />
      </Card>
    </PageContainer>
  );
}
