import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Select, Space } from 'antd';
import { useState } from 'react';
import { download } from '../api/client.ts';
import { useShowError } from '../error-policy.ts';

/** 服务记录台账 (走访记录台账, 推荐就业台账, 培训台账) of one village for a year, as xlsx. */
export function ServiceLedgerExport({
  unit,
  defaultYear,
  fixedYear = false,
}: {
  unit: string;
  defaultYear: number;
  /** the page already picks the year: export that one */
  fixedYear?: boolean;
}) {
  const [chosen, setYear] = useState(defaultYear);
  const year = fixedYear ? defaultYear : chosen;
  const [busy, setBusy] = useState(false);
  const showError = useShowError();
  const { message } = App.useApp();
  const years = [defaultYear, defaultYear - 1, defaultYear - 2];
  const go = () => {
    setBusy(true);
    download('/api/service-ledgers.xlsx', { unit, year }, `服务记录台账-${year}.xlsx`)
      .then((name) => void message.success(`已下载：${name}`))
      .catch(showError)
      .finally(() => setBusy(false));
  };
  const button = (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={go} data-testid="export-service-ledgers">
      导出{fixedYear ? `${year}年` : ''}服务台账
    </Button>
  );
  if (fixedYear) return button;
  return (
    <Space.Compact>
      <Select
        value={year}
        onChange={setYear}
        options={years.map((y) => ({ value: y, label: `${y}年` }))}
        aria-label="台账年度"
        style={{ width: 96 }}
      />
      {button}
    </Space.Compact>
  );
}
