import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Segmented, Table } from 'antd';
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import type { ChartSpec } from './charts.ts';

echarts.use([
  LineChart,
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** One ECharts instance in a div, resized with its container. */
function EChart({
  option,
  height,
  onReady,
}: {
  option: Record<string, unknown>;
  height: number;
  onReady: (c: echarts.ECharts | null) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { locale: 'ZH', renderer: 'canvas' });
    onReady(chart);
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize());
    observer?.observe(ref.current);
    return () => {
      observer?.disconnect();
      onReady(null);
      chart.dispose();
    };
  }, [onReady]);
  useEffect(() => {
    if (!ref.current) return;
    echarts.getInstanceByDom(ref.current)?.setOption(option, true);
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} />;
}

/** A chart with its data table one click away and an image export (PNG). */
export function ChartCard({
  title,
  spec,
  height = 320,
  testId,
}: {
  title: string;
  spec: ChartSpec;
  height?: number;
  testId: string;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const chart = useRef<echarts.ECharts | null>(null);
  const [onReady] = useState(() => (c: echarts.ECharts | null) => (chart.current = c));
  const exportImage = () => {
    const url = chart.current?.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' });
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title}.png`;
    document.body.appendChild(a);
    a.click();
    a.remove();
  };
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      className="chart-card"
      extra={
        <span className="no-print" style={{ display: 'inline-flex', gap: 8 }}>
          <Segmented
            size="small"
            value={view}
            onChange={(v) => setView(v as 'chart' | 'table')}
            options={[
              { label: '图表', value: 'chart' },
              { label: '数据表', value: 'table' },
            ]}
          />
          <Button
            size="small"
            icon={<DownloadOutlined />}
            disabled={view !== 'chart'}
            onClick={exportImage}
            aria-label="导出图片"
          />
        </span>
      }
    >
      {view === 'chart' ? (
        <EChart option={spec.option} height={height} onReady={onReady} />
      ) : (
        <Table
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowKey={(r) => String(r[0])}
          dataSource={spec.table.rows}
          columns={spec.table.columns.map((c, i) => ({
            title: c,
            key: c,
            render: (_: unknown, r: (string | number)[]) => r[i],
          }))}
        />
      )}
    </Card>
  );
}
