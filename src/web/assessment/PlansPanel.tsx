import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, List, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { can, type Role } from '../../domain/access.ts';
import { readAttachment, useFilePlan, usePlans, type Plan } from '../api/assessment-hooks.ts';
import { download } from '../api/client.ts';
import { useShowError } from '../error-policy.ts';
import { beijingDate } from './workflow.ts';

const ACCEPT = '.pdf,.png,.jpg,.jpeg,.doc,.docx,.xlsx';

/**
 * 实施方案: each town files its plan for the year with the district (due 11-25, 四(二)); the district sees
 * every town's. Filing again replaces the town's plan for that year.
 */
export function PlansPanel({ year, role, due }: { year: number; role: Role | null; due: string }) {
  const plans = usePlans(year);
  const filer = can(role, 'assessment:review');
  const showError = useShowError();
  const own = filer ? plans.data?.[0] : undefined;

  return (
    <Flex vertical gap={12}>
      {filer && <PlanForm year={year} current={own} due={due} />}
      <Card size="small" title={filer ? '本镇（街道）已报送的实施方案' : `${year}年度各镇（街道）实施方案`}>
        {plans.isError ? (
          <Alert type="error" showIcon title={plans.error.message} />
        ) : (
          <List
            loading={plans.isPending}
            dataSource={plans.data ?? []}
            locale={{ emptyText: <Empty description={`${year}年度尚无报送的实施方案`} /> }}
            renderItem={(p) => (
              <List.Item
                data-testid="plan-row"
                style={{ paddingInline: 0 }}
                actions={
                  p.attachment
                    ? [
                        <Button
                          key="dl"
                          size="small"
                          onClick={() =>
                            void download(
                              `/api/implementation-plans/${p.id}/file`,
                              {},
                              p.attachment!.filename,
                            ).catch(showError)
                          }
                        >
                          下载
                        </Button>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Flex wrap gap={6} align="center">
                      <span>{p.townName}</span>
                      <Typography.Text>{p.title}</Typography.Text>
                      {p.daysLate > 0 ? (
                        <Tag color="red">逾期{p.daysLate}天</Tag>
                      ) : (
                        <Tag color="green">按时报送</Tag>
                      )}
                    </Flex>
                  }
                  description={
                    <>
                      报送于 {beijingDate(p.filedAt)}（截止 {p.due}）
                      {p.attachment && ` · ${p.attachment.filename}`}
                      {p.note && <div>{p.note}</div>}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Flex>
  );
}

function PlanForm({ year, current, due }: { year: number; current: Plan | undefined; due: string }) {
  const [form] = Form.useForm<{ title: string; note?: string }>();
  const [file, setFile] = useState<File | null>(null);
  const file$ = useFilePlan();
  const showError = useShowError();
  const { message } = App.useApp();
  const submit = async (v: { title: string; note?: string }) => {
    if (!file) {
      void message.warning('请选择实施方案文件');
      return;
    }
    try {
      const attachment = await readAttachment(file);
      await file$.mutateAsync({
        year,
        title: v.title.trim(),
        note: v.note?.trim() || undefined,
        attachment,
        version: current?.version ?? 0,
      });
      setFile(null);
      form.resetFields();
      void message.success('实施方案已报送');
    } catch (e) {
      showError(e);
    }
  };
  return (
    <Card
      size="small"
      title={current ? '重新报送实施方案（替换已报送的）' : `报送${year}年度实施方案（${due}前）`}
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark="optional">
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}>
          <Input maxLength={200} placeholder={`如：${year}年创建充分就业村（社区）工作实施方案`} />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item label="方案文件（pdf、doc、docx、图片，不超过 1.5 MB）" required>
          <Upload
            accept={ACCEPT}
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="plan-file">
              选择文件
            </Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={file$.isPending}>
          报送
        </Button>
      </Form>
    </Card>
  );
}
