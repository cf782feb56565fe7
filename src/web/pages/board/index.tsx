import {
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  PrinterOutlined,
  StopOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Popconfirm, Row, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { can } from '../../../domain/access.ts';
import { payLabel } from '../../../domain/vacancy-text.ts';
import { download } from '../../api/client.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import { useBoard, useSaveVacancy, type Vacancy } from '../../api/services-hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { todayIso } from '../../register/labels.ts';
import { SeekersDrawer } from '../../services/SeekersDrawer.tsx';
import { VacancyModal, closeVacancyBody } from '../../services/VacancyForm.tsx';
import { UnitPicker } from '../../units/UnitPicker.tsx';

/** A village may change its own vacancies; a town its own and its villages' (the server checks again). */
function mayChange(me: { unitCode: string | null } | undefined, v: Vacancy, town: boolean): boolean {
  if (!me?.unitCode) return false;
  return v.unitCode === me.unitCode || (town && v.unitCode.slice(0, 9) === me.unitCode.slice(0, 9));
}

function VacancyCard({
  v,
  changeable,
  writable,
  onEdit,
  onSeekers,
}: {
  v: Vacancy;
  changeable: boolean;
  writable: boolean;
  onEdit: () => void;
  onSeekers: () => void;
}) {
  const save = useSaveVacancy();
  const showError = useShowError();
  const { message } = App.useApp();
  return (
    <Card
      size="small"
      data-testid="vacancy"
      title={
        <Flex vertical style={{ whiteSpace: 'normal' }}>
          <Typography.Text strong>{v.post}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 'normal' }}>
            {v.employer}
          </Typography.Text>
        </Flex>
      }
      extra={<Tag color="blue">招 {v.headcount} 人</Tag>}
      actions={[
        <Button key="m" type="link" size="small" icon={<TeamOutlined />} onClick={onSeekers}>
          匹配求职者
        </Button>,
        ...(writable && changeable
          ? [
              <Button key="e" type="link" size="small" icon={<EditOutlined />} onClick={onEdit}>
                修改
              </Button>,
              <Popconfirm
                key="c"
                title="今天下架这个岗位？"
                okText="下架"
                cancelText="取消"
                onConfirm={() =>
                  save.mutate(
                    { id: v.id, body: closeVacancyBody(v, todayIso()) },
                    { onSuccess: () => void message.success('已下架'), onError: showError },
                  )
                }
              >
                <Button type="link" size="small" danger icon={<StopOutlined />}>
                  下架
                </Button>
              </Popconfirm>,
            ]
          : []),
      ]}
    >
      <Flex vertical gap={4}>
        <Typography.Text style={{ color: '#d4380d' }}>{payLabel(v)}</Typography.Text>
        {v.place && <Typography.Text type="secondary">地点：{v.place}</Typography.Text>}
        {v.requirements && (
          <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: 0 }}>
            要求：{v.requirements}
          </Typography.Paragraph>
        )}
        <Flex wrap gap={4}>
          {v.trades.map((t) => (
            <Tag key={t}>{t}</Tag>
          ))}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {v.unitName}收集 · {v.collectedOn}
          {v.validUntil ? ` · 有效期至 ${v.validUntil}` : ''}
          {v.contact ? ` · 联系：${v.contact}` : ''}
        </Typography.Text>
      </Flex>
    </Card>
  );
}

/**
 * 岗位信息: the unit's 信息发布栏 — its own, its town's and the district's open vacancies (a town adds its
 * villages'). Add, edit and close vacancies; download the printable board; for a vacancy, the best-matching job
 * seekers with one-click recommendation.
 */
export default function BoardPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe().data;
  const units = useUnits();
  const unit = params.get('unit') ?? me?.user.unitCode ?? null;
  const board = useBoard(unit, '');
  const writable = !!me && can(me.user.role, 'resident:write');
  const isTown = me?.user.role === 'town_staff';
  const [editing, setEditing] = useState<{ vacancy: Vacancy | null } | null>(null);
  const [seekersOf, setSeekersOf] = useState<Vacancy | null>(null);
  const [busy, setBusy] = useState(false);
  const showError = useShowError();

  const print = () => {
    if (!unit) return;
    setBusy(true);
    download('/api/board.xlsx', { unit }, '信息发布栏.xlsx')
      .catch(showError)
      .finally(() => setBusy(false));
  };
  // A new vacancy belongs to the user's own village or town.
  const own = me?.user.unitCode ?? null;

  return (
    <PageContainer
      title="岗位信息"
      extra={
        <>
          {writable && own && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ vacancy: null })}
              data-testid="vacancy-add"
            >
              新增岗位
            </Button>
          )}
          <Button
            icon={<PrinterOutlined />}
            disabled={!unit}
            onClick={() => navigate(`/board/print?unit=${unit}`)}
            data-testid="board-print"
          >
            打印信息发布栏
          </Button>
          <Button
            icon={<DownloadOutlined />}
            loading={busy}
            disabled={!unit}
            onClick={print}
            data-testid="board-xlsx"
          >
            下载信息发布栏
          </Button>
        </>
      }
    >
      {(units.data ?? []).length > 1 && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <div style={{ maxWidth: 340 }}>
            <UnitPicker
              kinds={['town', 'village', 'community']}
              value={unit}
              onChange={(c) => {
                const next = new URLSearchParams(params);
                if (c) next.set('unit', c);
                else next.delete('unit');
                setParams(next, { replace: true });
              }}
              placeholder="选择镇（街道）或村（社区）"
            />
          </div>
        </Card>
      )}
      {!unit ? (
        <Empty description="请选择单位查看信息发布栏" />
      ) : board.isPending ? (
        <Skeleton active />
      ) : board.isError ? (
        <Alert type="error" showIcon title="加载失败" description={board.error.message} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {board.data.unit.name}信息发布栏 · {board.data.date} · 在招岗位 {board.data.items.length} 个
          </Typography.Paragraph>
          {board.data.items.length ? (
            <Row gutter={[12, 12]}>
              {board.data.items.map((v) => (
                <Col key={v.id} xs={24} md={12} xl={8}>
                  <VacancyCard
                    v={v}
                    writable={writable}
                    changeable={mayChange(me?.user, v, isTown)}
                    onEdit={() => setEditing({ vacancy: v })}
                    onSeekers={() => setSeekersOf(v)}
                  />
                </Col>
              ))}
            </Row>
          ) : (
            <Empty description="暂无在招岗位。走访企业收集到岗位后点“新增岗位”发布。" />
          )}
        </>
      )}
      <VacancyModal
        open={!!editing}
        vacancy={editing?.vacancy ?? null}
        unitCode={own}
        onClose={() => setEditing(null)}
      />
      <SeekersDrawer vacancy={seekersOf} writable={writable} onClose={() => setSeekersOf(null)} />
    </PageContainer>
  );
}
