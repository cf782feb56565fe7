import { EditOutlined, HomeOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  List,
  Result,
  Row,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { PersonDetail } from '../../../api/persons.ts';
import { can } from '../../../domain/access.ts';
import { isApiError } from '../../api/client.ts';
import { useMe } from '../../api/hooks.ts';
import { usePerson, useUpdatePerson, type HistoryAction } from '../../api/register.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { FlagTags } from '../../register/FlagTags.tsx';
import { HISTORY_ACTIONS, HistoryActionModal } from '../../register/HistoryActionModal.tsx';
import { ABILITY_LABELS, SEX_LABELS, TIMELINE_COLORS } from '../../register/labels.ts';
import {
  cleanForm,
  editValues,
  PersonFields,
  showFieldErrors,
  type PersonFormValues,
} from '../../register/PersonFields.tsx';
import { RevealButton } from '../../register/RevealButton.tsx';
import { PersonServicesCard, VacancyMatchesCard } from '../../services/PersonServicesCard.tsx';

const EDIT_FIELDS = [
  'name',
  'householdNumber',
  'relation',
  'sex',
  'phone',
  'hukou',
  'education',
  'ability',
  'willing',
  'state',
  'povertyRegister',
  'povertyStatus',
  'dibao',
  'disabilityNo',
  'note',
];

/** 人员: one person's identity, classes, dated histories with their actions, and the timeline of it all. */
export default function PersonPage() {
  const { id: idParam = '' } = useParams();
  const id = Number(idParam);
  const person = usePerson(id);
  const me = useMe().data;
  const showError = useShowError();
  const navigate = useNavigate();
  const [action, setAction] = useState<HistoryAction | null>(null);
  const writable = !!me && can(me.user.role, 'resident:write');

  const notFound =
    !Number.isInteger(id) ||
    id <= 0 ||
    (isApiError(person.error) && ['NOT_FOUND', 'VALIDATION', 'FORBIDDEN'].includes(person.error.code));
  useEffect(() => {
    if (person.error && !notFound) showError(person.error);
  }, [person.error, notFound, showError]);

  if (notFound || person.error)
    return (
      <Result
        status="404"
        title="未找到该人员，或无权查看"
        subTitle={notFound ? '该人员不存在，或不在您的管辖范围内。' : person.error?.message}
        extra={<Button onClick={() => navigate('/ledgers/labour')}>返回台账</Button>}
      />
    );
  if (person.isPending) return <Skeleton active />;
  const p = person.data;

  const actionButton = (a: HistoryAction, danger = false) =>
    writable && (
      <Button key={a} size="small" danger={danger} onClick={() => setAction(a)} data-testid={`action-${a}`}>
        {HISTORY_ACTIONS[a].button}
      </Button>
    );
  const openSpell = p.employment.some((e) => e.end === null);
  const openRegistration = p.registrations.some((r) => r.closed === null);
  const activeDifficulty = p.difficulty.some((d) => d.exited === null);

  return (
    <PageContainer
      title={
        <Space wrap size={8}>
          <span data-testid="person-name">{p.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
            {SEX_LABELS[p.sex]} · {p.age} 岁 · {p.unitName}
          </Typography.Text>
        </Space>
      }
      extra={<Button onClick={() => navigate(-1)}>返回</Button>}
    >
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex vertical gap={8}>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">身份证号</Typography.Text>
            <span className="mono" data-testid="id-masked">
              {p.idMasked}
            </span>
            <RevealButton personId={p.id} field="idNumber" />
          </Flex>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">联系电话</Typography.Text>
            <span className="mono">{p.phoneMasked ?? '未登记'}</span>
            {p.phoneMasked && <RevealButton personId={p.id} field="phone" />}
          </Flex>
          <Flex wrap gap={8} align="center">
            <Typography.Text type="secondary">户</Typography.Text>
            {p.household ? (
              <Link to={`/households/${p.household.id}`} data-testid="household-link">
                <HomeOutlined /> 户编号 {p.household.number}
                {p.relation ? `（${p.relation}）` : ''}
              </Link>
            ) : (
              <span>未关联</span>
            )}
          </Flex>
          <FlagTags flags={p.flags} all />
          {p.difficultyCandidates.length > 0 && !activeDifficulty && (
            <Alert
              type="warning"
              showIcon
              data-testid="difficulty-hint"
              title={`疑似就业困难人员：可能符合 ${p.difficultyCandidates.join('、')} 类别`}
              description="系统根据登记信息提示，须经村初审、镇审核、区审批认定后才是就业困难人员。"
              action={actionButton('difficulty')}
            />
          )}
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Flex vertical gap={16}>
            <BasicInfoCard person={p} writable={writable} />
            <HistoryCard
              title="就业"
              testId="employment-card"
              actions={[actionButton('employment'), openSpell && actionButton('employment/end')]}
              items={p.employment.map((e) => ({
                key: e.id,
                open: e.end === null,
                main: `${e.form}${e.employer ? ` · ${e.employer}` : ''}`,
                period: `${e.start} 至 ${e.end ?? '今'}`,
                tag: e.end === null ? <Tag color="green">在岗</Tag> : <Tag>已离职</Tag>,
              }))}
              empty="暂无就业记录"
            />
            <HistoryCard
              title="失业登记"
              testId="registration-card"
              actions={[
                !openRegistration && actionButton('registrations'),
                openRegistration && actionButton('registrations/close'),
              ]}
              items={p.registrations.map((r) => ({
                key: r.id,
                open: r.closed === null,
                main: r.closed ? `已注销：${r.closeReason ?? '未注明原因'}` : '登记失业',
                period: `${r.approved} 至 ${r.closed ?? '今'}`,
                tag: r.closed === null ? <Tag color="orange">有效</Tag> : <Tag>已注销</Tag>,
              }))}
              empty="暂无失业登记"
            />
            <HistoryCard
              title="就业困难人员认定"
              testId="difficulty-card"
              actions={[
                !activeDifficulty && actionButton('difficulty'),
                activeDifficulty && actionButton('difficulty/exit'),
              ]}
              items={p.difficulty.map((d) => ({
                key: d.id,
                open: d.exited === null,
                main: d.categories.join('、'),
                period: `${d.recognized} 至 ${d.exited ?? '今'}`,
                tag: d.exited === null ? <Tag color="red">认定中</Tag> : <Tag>已退出</Tag>,
              }))}
              empty="未认定为就业困难人员"
            />
          </Flex>
        </Col>
        <Col xs={24} xl={10}>
          <Flex vertical gap={16}>
            <PersonServicesCard person={p} writable={writable} />
            {!openSpell && <VacancyMatchesCard personId={p.id} writable={writable} />}
            <Card size="small" title="时间线" data-testid="timeline">
              {p.timeline.length ? (
                <Timeline
                  items={p.timeline.map((t, i) => ({
                    key: `${t.kind}-${t.recordId ?? i}-${t.date}`,
                    color: TIMELINE_COLORS[t.kind],
                    content: (
                      <div>
                        <Typography.Text type="secondary">{t.date}</Typography.Text>{' '}
                        <Typography.Text strong>{t.title}</Typography.Text>
                        {t.detail && <div style={{ color: 'rgba(0,0,0,0.55)' }}>{t.detail}</div>}
                      </div>
                    ),
                  }))}
                />
              ) : (
                <Empty description="暂无记录" />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
      <HistoryActionModal person={p} action={action} onClose={() => setAction(null)} />
    </PageContainer>
  );
}

interface HistoryItem {
  key: number;
  open: boolean;
  main: string;
  period: string;
  tag: ReactNode;
}

function HistoryCard({
  title,
  actions,
  items,
  empty,
  testId,
}: {
  title: string;
  actions: ReactNode[];
  items: HistoryItem[];
  empty: string;
  testId: string;
}) {
  const shown = actions.filter(Boolean);
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      extra={shown.length ? <Space size={6}>{shown}</Space> : null}
    >
      {items.length ? (
        <List
          size="small"
          dataSource={items}
          renderItem={(i) => (
            <List.Item>
              <Flex wrap justify="space-between" gap={8} style={{ width: '100%' }}>
                <span>
                  {i.tag} {i.main}
                </span>
                <Typography.Text type="secondary">{i.period}</Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Typography.Text type="secondary">{empty}</Typography.Text>
      )}
    </Card>
  );
}

function BasicInfoCard({ person: p, writable }: { person: PersonDetail; writable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<PersonFormValues>();
  const update = useUpdatePerson(p.id);
  const showError = useShowError();

  const save = (values: PersonFormValues) =>
    update.mutate(
      {
        ...cleanForm(values),
        householdNumber: values.householdNumber ?? '',
        name: values.name ?? '',
        version: p.version,
      },
      {
        onSuccess: () => setEditing(false),
        onError: (e) => {
          if (isApiError(e) && e.code === 'VALIDATION' && showFieldErrors(form, e, EDIT_FIELDS)) return;
          showError(e);
        },
      },
    );

  const v = (x: string | null | undefined) => x ?? '—';
  return (
    <Card
      size="small"
      title="基本信息"
      data-testid="basic-info"
      extra={
        writable &&
        !editing && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => {
              form.setFieldsValue(editValues(p));
              setEditing(true);
            }}
          >
            编辑
          </Button>
        )
      }
    >
      {editing ? (
        <Form form={form} layout="vertical" onFinish={save} initialValues={editValues(p)}>
          <PersonFields
            form={form}
            mode="edit"
            phoneMasked={p.phoneMasked}
            hasDisabilityNo={p.hasDisabilityNo}
          />
          <Space>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              保存
            </Button>
            <Button onClick={() => setEditing(false)}>取消</Button>
          </Space>
        </Form>
      ) : (
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label="出生日期">{p.birthDate}</Descriptions.Item>
          <Descriptions.Item label="与户主关系">{v(p.relation)}</Descriptions.Item>
          <Descriptions.Item label="户籍性质">{v(p.hukou)}</Descriptions.Item>
          <Descriptions.Item label="文化程度">{v(p.education)}</Descriptions.Item>
          <Descriptions.Item label="劳动能力">{ABILITY_LABELS[p.ability]}</Descriptions.Item>
          <Descriptions.Item label="就业意愿">{p.willing ? '有' : '无'}</Descriptions.Item>
          <Descriptions.Item label="人员状态">{v(p.state)}</Descriptions.Item>
          <Descriptions.Item label="建档立卡">
            {p.povertyRegister ? `是${p.povertyStatus ? `（${p.povertyStatus}）` : ''}` : '否'}
          </Descriptions.Item>
          <Descriptions.Item label="低保">{v(p.dibao)}</Descriptions.Item>
          <Descriptions.Item label="残疾证号">
            {p.hasDisabilityNo ? (
              <>
                已登记 <RevealButton personId={p.id} field="disabilityNo" />
              </>
            ) : (
              '无'
            )}
          </Descriptions.Item>
          <Descriptions.Item label="备注">{v(p.note)}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
