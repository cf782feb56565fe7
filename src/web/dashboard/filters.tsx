import { Select } from 'antd';
import { useSearchParams } from 'react-router';

const FIRST_YEAR = 2016;

/** Year and town of a dashboard page, kept in the address so a link opens the same view. */
export function useDashboardParams() {
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const town = params.get('town') ?? undefined;
  const set = (patch: { year?: number | undefined; town?: string | undefined }) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };
  return { year, town, set };
}

/** Year picker (2016 → the current year) and, for district users, a town picker. */
export function DashboardFilters({
  year,
  town,
  towns,
  currentYear,
  onChange,
}: {
  year: number | undefined;
  town: string | undefined;
  towns: { code: string; name: string }[] | null;
  currentYear: number;
  onChange: (patch: { year?: number | undefined; town?: string | undefined }) => void;
}) {
  const years = Array.from({ length: currentYear - FIRST_YEAR + 1 }, (_, i) => currentYear - i);
  return (
    <>
      <Select
        aria-label="年度"
        style={{ width: 110 }}
        value={year ?? currentYear}
        onChange={(v) => onChange({ year: v })}
        options={years.map((y) => ({ value: y, label: `${y}年度` }))}
      />
      {towns && (
        <Select
          aria-label="镇（街道）"
          style={{ width: 150 }}
          allowClear
          placeholder="全区"
          value={town}
          onChange={(v) => onChange({ town: v ?? undefined })}
          options={towns.map((t) => ({ value: t.code, label: t.name }))}
        />
      )}
    </>
  );
}

export const KIND_LABELS: Record<string, string> = { village: '村', community: '社区', other: '其他' };
