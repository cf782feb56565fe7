import { CameraOutlined, CloseOutlined, DownOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Form, Input, Progress, Spin, Tag, Typography, Upload } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import type { ServiceType } from '../../domain/facts.ts';
import { defaultMode } from '../../domain/service-records.ts';
import { isApiError, upload } from '../api/client.ts';
import { useCreateService, usePersonSearch, type ServiceRecordView } from '../api/services-hooks.ts';
import { useShowError } from '../error-policy.ts';
import { ServiceDetailFields, showServiceFieldErrors } from './ServiceDetailFields.tsx';
import {
  EVIDENCE_ACCEPT,
  FIELD_TYPES,
  MAX_EVIDENCE_BYTES,
  TYPES_WITH_REQUIRED_DETAILS,
  toServiceBody,
  type ServiceFormValues,
} from './service-form.ts';

/** The person a record is about, as the search and the queues name them (never a full ID number). */
export interface ChosenPerson {
  id: number;
  name: string;
  idMasked: string;
  unitName?: string;
  age?: number;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Step 1: name, pinyin initials or the ID number typed; tap a match. */
function PersonFinder({ onPick }: { onPick: (p: ChosenPerson) => void }) {
  const [q, setQ] = useState('');
  const term = useDebounced(q, 250);
  const found = usePersonSearch(term);
  const items = term.trim() ? (found.data?.items ?? []) : [];
  return (
    <Flex vertical gap={8}>
      <Input
        size="large"
        allowClear
        autoFocus
        prefix={<SearchOutlined />}
        placeholder="姓名、拼音首字母或身份证号"
        aria-label="查找人员"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="person-search"
      />
      {found.isFetching && items.length === 0 && <Spin size="small" />}
      {term.trim() && !found.isFetching && found.data && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未找到，请换个写法或核对证件号" />
      )}
      <Flex vertical gap={6} data-testid="search-results">
        {items.map((p) => (
          <Button
            key={p.id}
            size="large"
            block
            onClick={() => onPick(p)}
            style={{ height: 'auto', padding: '8px 12px', textAlign: 'left', justifyContent: 'flex-start' }}
            data-testid="search-hit"
          >
            <Flex vertical style={{ minWidth: 0, width: '100%' }}>
              <span>
                <Typography.Text strong>{p.name}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {p.sex === 'M' ? '男' : '女'} · {p.age} 岁 · {p.unitName}
                </Typography.Text>
              </span>
              <span className="mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                {p.idMasked}
              </span>
            </Flex>
          </Button>
        ))}
      </Flex>
    </Flex>
  );
}

/**
 * 快速登记: find the person, tap the type, save — three taps for a visit. Defaults fill the rest (date today,
 * 方式 上门 or 电话, staff = the person signed in); the details open for what needs them, or on request. An
 * optional photo is uploaded after the record is saved, with its progress shown.
 */
export function ServiceEntry({
  person: given,
  fixedPerson = false,
  type: suggested,
  onSaved,
}: {
  person?: ChosenPerson | null;
  /** the person cannot be changed (the person page, a queue item) */
  fixedPerson?: boolean;
  type?: ServiceType | null;
  onSaved?: (r: ServiceRecordView, person: ChosenPerson) => void;
}) {
  const [person, setPerson] = useState<ChosenPerson | null>(given ?? null);
  const [type, setType] = useState<ServiceType | null>(suggested ?? null);
  const [more, setMore] = useState(false);
  const [photo, setPhoto] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [form] = Form.useForm<ServiceFormValues>();
  const create = useCreateService();
  const showError = useShowError();
  const { message } = App.useApp();

  const detailsOpen = more || (type !== null && TYPES_WITH_REQUIRED_DETAILS.includes(type));

  const pickType = (t: ServiceType) => {
    setType(t);
    form.setFieldValue('mode', defaultMode(t));
  };
  useEffect(() => {
    if (suggested) form.setFieldValue('mode', defaultMode(suggested));
  }, [suggested, form]);

  const reset = () => {
    form.resetFields();
    setType(suggested ?? null);
    setMore(false);
    setPhoto(null);
    if (!fixedPerson) setPerson(given ?? null);
  };

  const save = async () => {
    if (!person || !type) return;
    let values: ServiceFormValues = {};
    try {
      values = detailsOpen ? await form.validateFields() : {};
    } catch {
      setMore(true);
      return;
    }
    create.mutate(
      { personId: person.id, body: toServiceBody(type, values, dayjs().format('YYYY-MM-DD')) },
      {
        onSuccess: async (record) => {
          if (photo) {
            setProgress(0);
            try {
              await upload(`/api/services/${record.id}/files`, photo, setProgress);
            } catch (e) {
              showError(e);
            } finally {
              setProgress(null);
            }
          }
          void message.success({ content: `已登记：${person.name} ${type}`, key: 'service-saved' });
          onSaved?.(record, person);
          reset();
        },
        onError: (e) => {
          if (isApiError(e) && e.code === 'VALIDATION' && showServiceFieldErrors(form, e.details)) {
            setMore(true);
            return;
          }
          showError(e);
        },
      },
    );
  };

  return (
    <Flex vertical gap={12} data-testid="service-entry">
      <Card size="small" title="1. 人员">
        {person ? (
          <Flex justify="space-between" align="center" gap={8} data-testid="chosen-person">
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong style={{ fontSize: 16 }}>
                {person.name}
              </Typography.Text>
              <span className="mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
                {person.idMasked}
                {person.unitName ? ` · ${person.unitName}` : ''}
              </span>
            </Flex>
            {!fixedPerson && (
              <Button icon={<CloseOutlined />} onClick={() => setPerson(null)}>
                换人
              </Button>
            )}
          </Flex>
        ) : (
          <PersonFinder onPick={setPerson} />
        )}
      </Card>

      <Card size="small" title="2. 服务类型">
        <div
          role="radiogroup"
          aria-label="服务类型"
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(100px, 1fr))', gap: 8 }}
        >
          {FIELD_TYPES.map((t) => (
            <Button
              key={t}
              size="large"
              type={type === t ? 'primary' : 'default'}
              role="radio"
              aria-checked={type === t}
              onClick={() => pickType(t)}
              style={{
                whiteSpace: 'normal',
                height: 'auto',
                minHeight: 44,
                paddingInline: 4,
                lineHeight: 1.2,
              }}
              data-testid={`type-${t}`}
            >
              {t}
            </Button>
          ))}
        </div>
      </Card>

      <Card
        size="small"
        title="3. 详细信息（可选）"
        extra={
          type && !TYPES_WITH_REQUIRED_DETAILS.includes(type) ? (
            <Button
              type="link"
              size="small"
              onClick={() => setMore(!more)}
              icon={more ? <UpOutlined /> : <DownOutlined />}
            >
              {more ? '收起' : '展开'}
            </Button>
          ) : null
        }
      >
        <Form form={form} layout="vertical" requiredMark="optional">
          {!type ? (
            <Typography.Text type="secondary">选择服务类型后可补充内容、方式、日期。</Typography.Text>
          ) : detailsOpen ? (
            <ServiceDetailFields type={type} form={form} />
          ) : (
            <Typography.Text type="secondary">
              今天 · {defaultMode(type)} · 经办人为本人。需要补充时点“展开”。
            </Typography.Text>
          )}
        </Form>
        <Flex gap={8} align="center" wrap style={{ marginTop: 8 }}>
          <Upload
            accept={EVIDENCE_ACCEPT}
            showUploadList={false}
            beforeUpload={(f) => {
              if (f.size > MAX_EVIDENCE_BYTES) void message.error('文件不能超过 5 MB');
              else setPhoto(f);
              return false;
            }}
          >
            <Button icon={<CameraOutlined />}>{photo ? '更换照片' : '拍照或附件（可选）'}</Button>
          </Upload>
          {photo && (
            <Tag
              closable
              onClose={() => setPhoto(null)}
              style={{ maxWidth: '100%', overflow: 'hidden', textOverflow: 'ellipsis' }}
            >
              {photo.name}
            </Tag>
          )}
          {progress !== null && (
            <Progress percent={progress} size="small" style={{ width: 140, margin: 0 }} />
          )}
        </Flex>
      </Card>

      <Button
        type="primary"
        size="large"
        block
        disabled={!person || !type}
        loading={create.isPending || progress !== null}
        onClick={() => void save()}
        data-testid="service-save"
      >
        {person && type ? `保存：${person.name} · ${type}` : '保存'}
      </Button>
    </Flex>
  );
}
