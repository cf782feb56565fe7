import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Input,
  List,
  Progress,
  Row,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ImportJobBody, ImportReportBody } from '../../../api/ledger-io.ts';
import { can } from '../../../domain/access.ts';
import { LEDGERS, type LedgerKind } from '../../../domain/ledgers.ts';
import { api, download, isApiError, upload } from '../../api/client.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { UnitPicker } from '../../units/UnitPicker.tsx';

const PHASES: Record<ImportJobBody['phase'], string> = {
  uploading: '正在上传',
  checking: '正在检查文件',
  reading: '正在逐行校验',
  finishing: '正在写入',
  done: '完成',
};

type Progressing = { stage: 'upload'; percent: number } | { stage: 'server'; job: ImportJobBody };

/** 导入导出: the blank template, a workbook upload with progress and its report, and the ledgers as Excel. */
export default function LedgerIoPage() {
  const me = useMe().data;
  const role = me?.user.role ?? null;
  return (
    <PageContainer
      title="台账导入导出"
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void download('/api/ledger/template', {}, '台账导入模板.xlsx')}
          data-testid="download-template"
        >
          下载导入模板
        </Button>
      }
    >
      <Row gutter={[16, 16]}>
        {can(role, 'resident:write') && (
          <Col xs={24}>
            <ImportCard />
          </Col>
        )}
        {can(role, 'resident:export') && (
          <Col xs={24}>
            <ExportCard mayReveal={can(role, 'resident:reveal')} />
          </Col>
        )}
      </Row>
    </PageContainer>
  );
}

function ImportCard() {
  const [partial, setPartial] = useState(false);
  const [progress, setProgress] = useState<Progressing | null>(null);
  const [report, setReport] = useState<ImportReportBody | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const showError = useShowError();
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const poll = async (job: ImportJobBody): Promise<ImportJobBody> => {
    let current = job;
    while (!current.done && alive.current) {
      setProgress({ stage: 'server', job: current });
      await new Promise((r) => setTimeout(r, 500));
      current = await api.get<ImportJobBody>(`/api/ledger/import/${current.id}`);
    }
    return current;
  };

  const start = async (file: File) => {
    setReport(null);
    setFailure(null);
    setProgress({ stage: 'upload', percent: 0 });
    try {
      const job = await upload<ImportJobBody>(
        `/api/ledger/import?partial=${partial}&wait=false`,
        file,
        (percent) => setProgress({ stage: 'upload', percent }),
      );
      const done = await poll(job);
      if (done.error) setFailure(done.error.message);
      else if (done.report) setReport(done.report);
    } catch (e) {
      if (isApiError(e) && ['VALIDATION', 'PAYLOAD_TOO_LARGE', 'CONFLICT'].includes(e.code))
        setFailure(e.message);
      else showError(e);
    } finally {
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <Card size="small" title="导入台账" data-testid="import-card">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        上传按导入模板填写的 .xlsx 工作簿（或以表名命名的
        .csv）。默认只要有一行出错，整个文件都不导入；出错的行会列在下方，并可下载带“错误说明”列的原文件，改正后重新导入。同一文件重复导入不会重复登记。
      </Typography.Paragraph>
      <Checkbox
        checked={partial}
        onChange={(e) => setPartial(e.target.checked)}
        disabled={busy}
        style={{ marginBottom: 12 }}
      >
        只导入正确的行（出错的行跳过）
      </Checkbox>
      <Upload.Dragger
        accept=".xlsx,.csv"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void start(file);
          return false;
        }}
        data-testid="import-upload"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">点击选择文件，或将文件拖到此处</p>
        <p className="ant-upload-hint">单个文件，不超过 100,000 行数据</p>
      </Upload.Dragger>
      {progress && (
        <div style={{ marginTop: 12 }} data-testid="import-progress">
          {progress.stage === 'upload' ? (
            <>
              <Typography.Text>正在上传…</Typography.Text>
              <Progress percent={progress.percent} status="active" />
            </>
          ) : (
            <>
              <Typography.Text>
                {PHASES[progress.job.phase]}
                {progress.job.sheet ? `：${progress.job.sheet}` : ''}
                {progress.job.rowsRead ? `，已读 ${progress.job.rowsRead} 行` : ''}…
              </Typography.Text>
              <Progress percent={100} status="active" showInfo={false} />
            </>
          )}
        </div>
      )}
      {failure && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={failure} data-testid="import-failure" />
      )}
      {report && <ImportReport report={report} />}
    </Card>
  );
}

function ImportReport({ report }: { report: ImportReportBody }) {
  const counts = Object.entries(report.counts).map(([sheet, c]) => ({ sheet, ...c }));
  const hasRejected = report.rejectedRows > 0;
  return (
    <Flex vertical gap={12} style={{ marginTop: 16 }} data-testid="import-report">
      <Alert
        type={report.applied ? (hasRejected ? 'warning' : 'success') : 'error'}
        showIcon
        title={report.message}
        description={
          report.errorWorkbookUrl ? (
            <a href={report.errorWorkbookUrl} download data-testid="error-workbook">
              <DownloadOutlined /> 下载带“错误说明”列的原文件
            </a>
          ) : undefined
        }
      />
      <Typography.Text strong>
        {report.applied ? '导入结果' : '校验结果（文件未导入；下表为改正后可导入的行数）'}
      </Typography.Text>
      <Table
        size="small"
        rowKey="sheet"
        pagination={false}
        scroll={{ x: 480 }}
        dataSource={[...counts, { sheet: '合计', ...report.total }]}
        columns={[
          { title: '表', dataIndex: 'sheet' },
          { title: '新增', dataIndex: 'created', align: 'right' },
          { title: '更新', dataIndex: 'updated', align: 'right' },
          { title: '未变', dataIndex: 'unchanged', align: 'right' },
          {
            title: '出错',
            dataIndex: 'rejected',
            align: 'right',
            render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
          },
        ]}
      />
      {report.rejected.length > 0 && (
        <>
          <Typography.Text strong>
            出错的行（{report.rejectedRows} 行
            {report.rejectedTruncated ? '，此处只列出前一部分，全部见错误说明文件' : ''}）
          </Typography.Text>
          <Table
            size="small"
            rowKey={(r) => `${r.sheet}-${r.row}-${r.column}`}
            dataSource={report.rejected}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 560 }}
            data-testid="rejected-table"
            columns={[
              { title: '表', dataIndex: 'sheet', width: 110 },
              { title: '行', dataIndex: 'row', width: 60 },
              { title: '列', dataIndex: 'column', width: 130 },
              { title: '原因', dataIndex: 'reason' },
            ]}
          />
        </>
      )}
      {report.warnings.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>提示（{report.warnings.length}）</Typography.Text>}
          dataSource={report.warnings}
          renderItem={(w) => (
            <List.Item>
              <Typography.Text type="warning">
                {[w.sheet, w.row !== null ? `第 ${w.row} 行` : null, w.column].filter(Boolean).join(' · ')}
                {w.sheet || w.row !== null || w.column ? '：' : ''}
                {w.message}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Flex>
  );
}

function ExportCard({ mayReveal }: { mayReveal: boolean }) {
  const units = useUnits();
  const [unit, setUnit] = useState<string | null>(null);
  const [unmasked, setUnmasked] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<LedgerKind | null>(null);
  const { message } = App.useApp();
  const showError = useShowError();
  const reasonOk = reason.trim().length >= 2;

  const run = async (ledger: LedgerKind) => {
    setBusy(ledger);
    try {
      const name = await download(
        '/api/ledger/export',
        { ledger, unit, masked: unmasked ? 'false' : 'true', reason: unmasked ? reason.trim() : undefined },
        `${LEDGERS[ledger].title}.xlsx`,
      );
      void message.success(`已导出 ${name}`);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title="导出台账" data-testid="export-card">
      <Flex vertical gap={12}>
        {(units.data?.length ?? 0) > 1 && (
          <div style={{ maxWidth: 360 }}>
            <UnitPicker
              kinds={['district', 'town', 'village', 'community']}
              value={unit}
              onChange={setUnit}
              placeholder="范围：我可查看的全部单位"
            />
          </div>
        )}
        {mayReveal && (
          <Checkbox
            checked={unmasked}
            onChange={(e) => setUnmasked(e.target.checked)}
            data-testid="export-unmasked"
          >
            导出完整身份证号和电话（可修改后重新导入）
          </Checkbox>
        )}
        {unmasked ? (
          <>
            <Alert
              type="warning"
              showIcon
              title="完整号码属于个人敏感信息：本次导出（导出人、时间、范围和理由）将记入审计日志，文件请妥善保管，用后删除。"
            />
            <Input
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={200}
              placeholder="导出理由（至少 2 个字），例如：核对后重新导入"
              status={reason && !reasonOk ? 'error' : undefined}
              aria-label="导出理由"
              style={{ maxWidth: 480 }}
            />
            {reason && !reasonOk && <Typography.Text type="danger">理由至少 2 个字</Typography.Text>}
          </>
        ) : (
          <Typography.Text type="secondary">
            默认导出脱敏的证件号和电话（350505********1234、138****1234），供阅读和打印。
          </Typography.Text>
        )}
        <Flex wrap gap={8}>
          {(Object.keys(LEDGERS) as LedgerKind[]).map((k) => (
            <Button
              key={k}
              icon={<DownloadOutlined />}
              loading={busy === k}
              disabled={(busy !== null && busy !== k) || (unmasked && !reasonOk)}
              onClick={() => void run(k)}
              data-testid={`export-${k}`}
            >
              {LEDGERS[k].title}
            </Button>
          ))}
        </Flex>
      </Flex>
    </Card>
  );
}
