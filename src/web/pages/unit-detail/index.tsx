import { Button, Card, Descriptions, Empty, Result, Skeleton, Tag, Timeline } from 'antd';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import type { UnitDetail } from '../../../api/units.ts';
import { isApiError } from '../../api/client.ts';
import { useUnit, useUnits } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { UNIT_KIND_COLORS, UNIT_KIND_LABELS, formatDateTime } from '../../labels.ts';
import { UnitTable } from '../../units/UnitTable.tsx';

const HISTORY_ACTIONS: Record<string, string> = { create: '建立', rename: '更名', merge: '合并' };

function describeEvent(h: UnitDetail['history'][number], code: string): string {
  if (h.action === 'rename') return `由“${h.oldValue ?? ''}”更名为“${h.newValue ?? ''}”`;
  if (h.action === 'merge')
    return h.newValue
      ? `并入 ${h.newValue}`
      : h.oldValue && h.oldValue !== code
        ? `${h.oldValue} 并入本单位`
        : '合并';
  if (h.action === 'create') return `名称：${h.newValue ?? ''}`;
  return [h.oldValue, h.newValue].filter(Boolean).join(' → ');
}

/** 单位详情 with its history (沿革). Another unit's page answers “not found or no permission”, as the server does. */
export default function UnitDetailPage() {
  const { code = '' } = useParams();
  const unit = useUnit(code);
  const showError = useShowError();
  const hasChildren = unit.data?.kind === 'town' || unit.data?.kind === 'district';
  const children = useUnits({ parentCode: code }, hasChildren);
  // The parent is a link only when the user may open it (a town user may not open the district).
  const inScope = useUnits();
  const parentVisible = (inScope.data ?? []).some((x) => x.code === unit.data?.parentCode);

  const notFound =
    isApiError(unit.error) && (unit.error.code === 'NOT_FOUND' || unit.error.code === 'VALIDATION');
  useEffect(() => {
    if (unit.error && !notFound) showError(unit.error);
  }, [unit.error, notFound, showError]);

  if (unit.isPending) return <Skeleton active />;
  if (unit.error) {
    return (
      <Result
        status="404"
        title="未找到该单位，或无权查看"
        subTitle={notFound ? `单位代码 ${code} 不存在，或不在您的管辖范围内。` : unit.error.message}
        extra={
          <Link to="/units">
            <Button type="primary">返回单位列表</Button>
          </Link>
        }
        data-testid="unit-not-found"
      />
    );
  }
  const u = unit.data;
  return (
    <PageContainer
      title={u.name}
      extra={
        <Link to="/units">
          <Button>返回列表</Button>
        </Link>
      }
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} size="small">
          <Descriptions.Item label="名称">{u.name}</Descriptions.Item>
          <Descriptions.Item label="正式名称">{u.officialName}</Descriptions.Item>
          <Descriptions.Item label="类型">
            <Tag color={UNIT_KIND_COLORS[u.kind]}>{UNIT_KIND_LABELS[u.kind]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="统计用区划代码">{u.code}</Descriptions.Item>
          <Descriptions.Item label="上级单位">
            {u.parentCode ? (
              parentVisible ? (
                <Link to={`/units/${u.parentCode}`}>{u.parentName ?? u.parentCode}</Link>
              ) : (
                (u.parentName ?? u.parentCode)
              )
            ) : (
              '—'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="状态">
            {u.active ? (
              <Tag color="success">正常</Tag>
            ) : (
              <Tag>
                {u.mergedInto ? (
                  <>
                    已并入 <Link to={`/units/${u.mergedInto}`}>{u.mergedInto}</Link>
                  </>
                ) : (
                  '停用'
                )}
              </Tag>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="沿革" style={{ marginBottom: 16 }}>
        {u.history.length ? (
          <Timeline
            items={u.history.map((h, i) => ({
              key: i,
              content: (
                <div>
                  <div>
                    <Tag>{HISTORY_ACTIONS[h.action] ?? h.action}</Tag>
                    {describeEvent(h, u.code)}
                  </div>
                  <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>
                    {formatDateTime(h.at)}
                    {h.note ? ` · 备注：${h.note}` : ''}
                  </div>
                </div>
              ),
            }))}
          />
        ) : (
          <Empty description="暂无沿革记录" />
        )}
      </Card>
      {hasChildren && (
        <Card size="small" title="下辖单位">
          <UnitTable units={children.data ?? []} loading={children.isPending} />
        </Card>
      )}
    </PageContainer>
  );
}
