/** The reports as the provinces send them (the seed tables), as of any day, with downloads. */
import { useState } from 'react';
import { Button, Card, DatePicker, Select, Space, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { send } from '../api/client';
import { ProblemAlert } from '../components/Problem';
import { ReportChart, ReportTable } from '../components/ReportChart';
import { formatTrieu } from '../format';
import { BASIS_LABELS, LEVEL_LABELS, LEVELS } from '@app/domain';

const REPORTS: Record<string, string> = {
  funding: 'Kinh phí khuyến công theo nội dung',
  results: 'Kết quả thực hiện',
  'plan-vs-target': 'Thực hiện so với kế hoạch',
  'period-plan': 'Thực hiện so với kế hoạch giai đoạn',
  resources: 'Nguồn lực',
  'by-region': 'Theo địa bàn',
  pipeline: 'Tình hình xử lý đề án',
  'machinery-valuation': 'Định giá máy móc thiết bị',
};

interface Table extends ReportTable {
  subtitles: string[];
  unitNote?: string;
  header: { text: string; colSpan?: number; rowSpan?: number }[][];
}

const cell = (value: string | number | null, kind: string) => {
  if (value === null) return '';
  if (typeof value === 'number' && kind === 'trieu') return formatTrieu(value);
  if (typeof value === 'number' && kind === 'percent') return `${Math.round(value * 1000) / 10} %`;
  if (typeof value === 'number') return new Intl.NumberFormat('vi-VN').format(value);
  return value;
};

/** Starts the browser's download of a file the API serves (the session cookie goes with it). */
const save = (href: string) => {
  const link = document.createElement('a');
  link.href = href;
  link.download = '';
  link.click();
};

export function ReportsPage() {
  const [name, setName] = useState('funding');
  const [asOf, setAsOf] = useState<dayjs.Dayjs | null>(null);
  const [basis, setBasis] = useState('approved');
  const [level, setLevel] = useState<string>('');
  const query = new URLSearchParams({
    ...(asOf ? { asOf: asOf.format('YYYY-MM-DD') } : {}),
    ...(basis !== 'approved' ? { basis } : {}),
    ...(level ? { level } : {}),
  });
  const report = useQuery({
    queryKey: ['report', name, query.toString()],
    queryFn: () => send<Table>('GET', `/api/v1/reports/${name}?format=table&${query}`),
  });
  const download = (format: 'xlsx' | 'csv') => `/api/v1/reports/${name}?format=${format}&${query}`;
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Báo cáo
        </Typography.Title>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="Báo cáo"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 320 }}
          value={name}
          onChange={setName}
          options={Object.entries(REPORTS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          aria-label="Cơ sở số liệu"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          value={basis}
          onChange={setBasis}
          options={Object.entries(BASIS_LABELS).map(([value, label]) => ({ value, label }))}
        />
        <Select
          aria-label="Cấp quản lý"
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 160 }}
          value={level}
          onChange={setLevel}
          options={[{ value: '', label: 'Mọi cấp' }, ...LEVELS.map((value) => ({ value, label: LEVEL_LABELS[value] }))]}
        />
        <label>
          Tính đến ngày <DatePicker aria-label="Tính đến ngày" format="DD/MM/YYYY" value={asOf} onChange={setAsOf} />
        </label>
        <Button type="primary" onClick={() => save(download('xlsx'))}>
          Tải Excel
        </Button>
        <Button onClick={() => save(download('csv'))}>Tải CSV</Button>
      </Space>
      {report.isPending && <Spin />}
      {report.error && <ProblemAlert error={report.error} />}
      {report.data && (
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={report.data.title}>
          <Typography.Title level={3} style={{ fontSize: 16, textAlign: 'center' }}>
            {report.data.title}
          </Typography.Title>
          {report.data.subtitles.map((s) => (
            <div key={s} style={{ textAlign: 'center' }}>
              {s}
            </div>
          ))}
          <ReportChart table={report.data} />
          {report.data.unitNote && <div style={{ textAlign: 'right' }}>{report.data.unitNote}</div>}
          <table className="report-table" style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}>
            <thead>
              {report.data.header.map((row, i) => (
                <tr key={i}>
                  {row.map((h, j) => (
                    <th
                      key={j}
                      colSpan={h.colSpan}
                      rowSpan={h.rowSpan}
                      scope="col"
                      style={{ border: '1px solid #999', padding: 4, background: '#f3f6fa' }}
                    >
                      {h.text}
                    </th>
                  ))}
                </tr>
              ))}
            </thead>
            <tbody>
              {report.data.rows.map((row, i) => (
                <tr key={i} style={{ fontWeight: row.style === 'group' || row.style === 'total' ? 600 : 400 }}>
                  {row.cells.map((value, j) => (
                    <td
                      key={j}
                      style={{
                        border: '1px solid #ccc',
                        padding: 4,
                        textAlign: typeof value === 'number' ? 'right' : 'left',
                        // the row's name stays readable however many year columns the period has
                        minWidth: report.data!.columns[j]?.kind === 'label' ? 280 : undefined,
                      }}
                    >
                      {cell(value, report.data!.columns[j]?.kind ?? 'text')}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
