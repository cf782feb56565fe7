import { Alert, Button, Card, DatePicker, Form, Modal, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { PersonForm } from '../../../api/persons.ts';
import { isApiError } from '../../api/client.ts';
import { useMe, useUnits } from '../../api/hooks.ts';
import { useCreatePerson, useTransferIn } from '../../api/register.ts';
import { PageContainer } from '../../components/PageContainer.tsx';
import { useShowError } from '../../error-policy.ts';
import { duplicateOf, type Duplicate } from '../../register/duplicate.ts';
import { afterToday } from '../../register/labels.ts';
import {
  cleanForm,
  PersonFields,
  showFieldErrors,
  type PersonFormValues,
} from '../../register/PersonFields.tsx';

const FIELDS = [
  'unitCode',
  'householdNumber',
  'relation',
  'name',
  'idNumber',
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

/** 新增人员: the 劳动力 sheet's columns as a form, the ID number checked as it is typed. */
export default function NewPersonPage() {
  const me = useMe().data;
  const units = useUnits();
  const navigate = useNavigate();
  const showError = useShowError();
  const [form] = Form.useForm<PersonFormValues>();
  const create = useCreatePerson();
  const transfer = useTransferIn();
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [transferDate, setTransferDate] = useState<Dayjs | null>(dayjs());

  // A village worker enters people of their own village; others choose.
  const own = units.data?.find((u) => u.code === me?.user.unitCode);
  const defaultUnit = own && (own.kind === 'village' || own.kind === 'community') ? own.code : undefined;
  const otherUnitName = (code: string) => units.data?.find((u) => u.code === code)?.name ?? code;

  const submit = (values: PersonFormValues) => {
    setDuplicate(null);
    create.mutate(cleanForm(values) as PersonForm, {
      onSuccess: (p) => navigate(`/persons/${p.id}`),
      onError: (e) => {
        if (!isApiError(e)) return showError(e);
        const dup = duplicateOf(e);
        if (dup) return setDuplicate(dup);
        if (e.code === 'VALIDATION' && showFieldErrors(form, e, FIELDS)) return;
        showError(e);
      },
    });
  };

  const doTransfer = () => {
    const v = form.getFieldsValue();
    if (!v.idNumber || !v.unitCode || !v.householdNumber || !transferDate) return;
    transfer.mutate(
      {
        idNumber: v.idNumber.trim(),
        toUnit: v.unitCode,
        householdNumber: v.householdNumber.trim(),
        date: transferDate.format('YYYY-MM-DD'),
      },
      { onSuccess: (p) => navigate(`/persons/${p.id}`) },
    );
  };

  return (
    <PageContainer title="新增人员" extra={<Button onClick={() => navigate(-1)}>返回</Button>}>
      <Card size="small">
        {units.isPending ? null : (
          <Form
            form={form}
            layout="vertical"
            onFinish={submit}
            initialValues={{ unitCode: defaultUnit }}
            scrollToFirstError
            requiredMark="optional"
            data-testid="person-form"
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              与台账导入模板“劳动力”表的规则相同：性别和出生日期由身份证号确定；劳动能力留空为“完全”，就业意愿留空为“有”。
            </Typography.Paragraph>
            <PersonFields form={form} mode="create" />
            {duplicate && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="duplicate"
                title={duplicate.message}
                action={
                  duplicate.kind === 'existing' ? (
                    <Link to={`/persons/${duplicate.personId}`}>打开此人</Link>
                  ) : (
                    <Button size="small" type="primary" onClick={() => setTransferOpen(true)}>
                      办理迁入
                    </Button>
                  )
                }
              />
            )}
            <Space>
              <Button type="primary" htmlType="submit" loading={create.isPending}>
                保存
              </Button>
              <Button onClick={() => form.resetFields()}>清空</Button>
            </Space>
          </Form>
        )}
      </Card>
      <Modal
        open={transferOpen}
        title="办理迁入"
        okText="确认迁入"
        onCancel={() => setTransferOpen(false)}
        onOk={doTransfer}
        confirmLoading={transfer.isPending}
        okButtonProps={{ disabled: !transferDate }}
      >
        {duplicate?.kind === 'otherUnit' && (
          <Typography.Paragraph>
            此人目前登记在 <b>{otherUnitName(duplicate.unitCode)}</b>
            。迁入后仍是同一人，原有的就业、失业和认定记录全部保留， 户编号为{' '}
            <b>{form.getFieldValue('householdNumber') as string}</b>。
          </Typography.Paragraph>
        )}
        <Form layout="vertical">
          <Form.Item label="迁入日期" required>
            <DatePicker
              value={transferDate}
              onChange={setTransferDate}
              disabledDate={afterToday}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
