import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import type { UnitView } from '../../../api/units.ts';
import {
  useLoadUnits,
  useMergeUnit,
  useRenameUnit,
  useUnits,
  type LoadUnitsReport,
} from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { decodeCsv } from '../../units/decode-csv.ts';
import { UnitTable } from '../../units/UnitTable.tsx';
import type { UnitNode } from '../../units/tree.ts';

/** 区划管理 (系统管理员): load the official division table, rename and merge units keeping their history. */
export default function DivisionsPage() {
  const units = useUnits({ includeInactive: true });
  const list = units.data ?? [];
  const [search, setSearch] = useState('');
  const [renaming, setRenaming] = useState<UnitView | null>(null);
  const [merging, setMerging] = useState<UnitView | null>(null);

  return (
    <PageContainer title="区划管理">
      <LoadCsvCard />
      <Card
        size="small"
        title="单位"
        extra={
          <Input.Search
            allowClear
            placeholder="按名称或代码查找"
            onSearch={setSearch}
            onChange={(e) => !e.target.value && setSearch('')}
            style={{ width: 200 }}
          />
        }
      >
        <UnitTable
          units={list}
          loading={units.isPending}
          search={search}
          extraColumns={[
            {
              title: '操作',
              key: 'actions',
              render: (_v, u: UnitNode) =>
                u.active ? (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => setRenaming(u)}>
                      更名
                    </Button>
                    {u.level === 3 && (
                      <Button type="link" size="small" onClick={() => setMerging(u)}>
                        合并
                      </Button>
                    )}
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <RenameModal unit={renaming} onClose={() => setRenaming(null)} />
      <MergeModal unit={merging} units={list} onClose={() => setMerging(null)} />
    </PageContainer>
  );
}

function LoadCsvCard() {
  const load = useLoadUnits();
  const [fileName, setFileName] = useState<string | null>(null);
  const report: LoadUnitsReport | undefined = load.data;

  const onFile = async (file: File) => {
    setFileName(file.name);
    const csv = decodeCsv(await file.arrayBuffer());
    load.mutate(csv);
  };

  return (
    <Card size="small" title="导入区划" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        上传统计用区划代码 CSV 文件，列为 <Typography.Text code>level,code,name,parent_code</Typography.Text>
        （UTF-8 或 GBK
        编码均可）。已有单位按代码比对：名称不同则更名并记入沿革，相同则不变；不会删除单位。任何一行有误，整份文件都不导入。
      </Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,text/csv"
        multiple={false}
        showUploadList={false}
        disabled={load.isPending}
        beforeUpload={(file) => {
          void onFile(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{load.isPending ? '正在导入…' : '点击或拖入 CSV 文件'}</p>
        {fileName && <p className="ant-upload-hint">{fileName}</p>}
      </Upload.Dragger>
      {report && (
        <div style={{ marginTop: 16 }} data-testid="load-report">
          <Row gutter={16}>
            <Col span={8}>
              <Statistic title="新建" value={report.created} />
            </Col>
            <Col span={8}>
              <Statistic title="更名" value={report.renamed} />
            </Col>
            <Col span={8}>
              <Statistic title="未变" value={report.unchanged} />
            </Col>
          </Row>
          {report.errors.length > 0 ? (
            <>
              <Alert
                type="error"
                showIcon
                style={{ margin: '12px 0' }}
                title={`有 ${report.errors.length} 处错误，整份文件未导入。请修改后重新上传。`}
              />
              <Table
                rowKey={(e) => `${e.line}-${e.message}`}
                size="small"
                dataSource={report.errors}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: '行号', dataIndex: 'line', key: 'line', width: 80 },
                  { title: '问题', dataIndex: 'message', key: 'message' },
                ]}
              />
            </>
          ) : (
            <Alert type="success" showIcon style={{ marginTop: 12 }} title="全部行已处理，没有错误。" />
          )}
        </div>
      )}
    </Card>
  );
}

function RenameModal({ unit, onClose }: { unit: UnitView | null; onClose: () => void }) {
  const [form] = Form.useForm<{ officialName: string; note?: string }>();
  const rename = useRenameUnit();
  const { message } = App.useApp();
  const submit = async () => {
    if (!unit) return;
    const v = await form.validateFields();
    rename.mutate(
      {
        code: unit.code,
        officialName: v.officialName.trim(),
        version: unit.version,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      {
        onSuccess: (u) => {
          void message.success(`已更名为 ${u.officialName}`);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      title={unit ? `单位更名：${unit.name}` : '单位更名'}
      open={unit !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="更名"
      cancelText="取消"
      confirmLoading={rename.isPending}
      destroyOnHidden
    >
      {unit && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ officialName: unit.officialName }}
          requiredMark={false}
        >
          <Form.Item
            label="新的正式名称"
            name="officialName"
            rules={[
              { required: true, whitespace: true, message: '请输入名称' },
              { max: 100, message: '不能超过 100 个字符' },
            ]}
            extra="如“××村民委员会”；平台显示的简称由此得出。"
          >
            <Input />
          </Form.Item>
          <Form.Item
            label="备注（依据文件等）"
            name="note"
            rules={[{ max: 200, message: '不能超过 200 个字符' }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

function MergeModal({
  unit,
  units,
  onClose,
}: {
  unit: UnitView | null;
  units: UnitView[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<{ into: string; note?: string }>();
  const merge = useMergeUnit();
  const { message } = App.useApp();
  const targets = useMemo(
    () =>
      unit
        ? units.filter(
            (u) => u.level === 3 && u.active && u.code !== unit.code && u.parentCode === unit.parentCode,
          )
        : [],
    [unit, units],
  );
  const submit = async () => {
    if (!unit) return;
    const v = await form.validateFields();
    merge.mutate(
      {
        code: unit.code,
        into: v.into,
        version: unit.version,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
      {
        onSuccess: () => {
          void message.success(`${unit.name}已合并`);
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      title={unit ? `单位合并：${unit.name}` : '单位合并'}
      open={unit !== null}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText="合并"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={merge.isPending}
      destroyOnHidden
    >
      {unit && (
        <Form form={form} layout="vertical" preserve={false} requiredMark={false}>
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="合并后本单位停用，其沿革保留，可在“含已合并”中查看。此操作在平台上不能撤销。"
          />
          <Form.Item
            label="并入（同一镇、街道内）"
            name="into"
            rules={[{ required: true, message: '请选择并入的单位' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={targets.map((t) => ({ value: t.code, label: `${t.name}（${t.code}）` }))}
            />
          </Form.Item>
          <Form.Item
            label="备注（依据文件等）"
            name="note"
            rules={[{ max: 200, message: '不能超过 200 个字符' }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
