/**
 * History import for officers: a file of records (NDJSON, one per line, or a JSON array) sent in batches
 * of 200 to POST /import/de-an, plans first (an approval names its plan), with a progress bar and each
 * failed record's line and reason. Importing the same file again appends nothing (the ids derive from
 * the records): a batch cut off halfway is simply sent again.
 */
import { useState } from 'react';
import { Alert, Button, Card, Progress, Table, Typography, Upload } from 'antd';
import { send, writeHeaders } from '../api/client';
import { ProblemAlert, useSubmission } from '../components/Problem';

interface Result {
  externalId: string | null;
  kind: string;
  index: number;
  line?: number;
  status: 'imported' | 'skipped' | 'failed';
  error?: { status: number; detail: string };
}

const BATCH = 200;

/** The records of a file, each with its line (NDJSON) or position (JSON array); plans first. */
function recordsOf(text: string): { record: unknown; line: number }[] {
  const trimmed = text.trim();
  const records = trimmed.startsWith('[')
    ? (JSON.parse(trimmed) as unknown[]).map((record, i) => ({ record, line: i + 1 }))
    : trimmed
        .split('\n')
        .map((l, i) => ({ l: l.trim(), line: i + 1 }))
        .filter(({ l }) => l.length > 0)
        .map(({ l, line }) => ({ record: JSON.parse(l) as unknown, line }));
  const isPlan = (r: unknown) => (r as { kind?: string })?.kind === 'plan';
  return [...records.filter((r) => isPlan(r.record)), ...records.filter((r) => !isPlan(r.record))];
}

export function ImportPage() {
  const [file, setFile] = useState<File>();
  const [done, setDone] = useState(0);
  const [total, setTotal] = useState(0);
  const [results, setResults] = useState<Result[]>([]);
  const { busy, error, run } = useSubmission();
  const start = () =>
    run(async () => {
      const records = recordsOf(await file!.text());
      setTotal(records.length);
      setDone(0);
      setResults([]);
      for (let at = 0; at < records.length; at += BATCH) {
        const batch = records.slice(at, at + BATCH);
        const answer = await send<{ results: Result[] }>(
          'POST',
          '/api/v1/import/de-an',
          batch.map((b) => b.record),
          writeHeaders(),
        );
        setResults((before) => [...before, ...answer.results.map((r, i) => ({ ...r, line: batch[i]?.line }))]);
        setDone(Math.min(records.length, at + BATCH));
      }
    });
  const failed = results.filter((r) => r.status === 'failed');
  const count = (status: Result['status']) => results.filter((r) => r.status === status).length;
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Nhập lịch sử đề án
        </Typography.Title>
      }
    >
      <Typography.Paragraph>
        Tệp NDJSON (mỗi dòng một hồ sơ) hoặc JSON (một mảng), theo mẫu trong README. Kế hoạch được nhập trước; nhập lại cùng tệp không tạo bản ghi
        trùng.
      </Typography.Paragraph>
      <Upload
        accept=".ndjson,.json,.jsonl,application/json"
        maxCount={1}
        beforeUpload={(chosen) => {
          setFile(chosen);
          return false;
        }}
        onRemove={() => setFile(undefined)}
      >
        <Button>Chọn tệp</Button>
      </Upload>
      <Button type="primary" style={{ marginTop: 16 }} disabled={!file} loading={busy} onClick={start}>
        Nhập
      </Button>
      {total > 0 && (
        <div style={{ marginTop: 16 }}>
          <Progress percent={Math.round((done / total) * 100)} aria-label={`Đã gửi ${done}/${total} hồ sơ`} />
          <div role="status">
            {done}/{total} hồ sơ: {count('imported')} đã nhập, {count('skipped')} đã có từ trước, {failed.length} lỗi
          </div>
        </div>
      )}
      {error !== undefined && <ProblemAlert error={error} />}
      {failed.length > 0 && (
        <>
          <Alert type="warning" showIcon style={{ marginTop: 16 }} message="Các hồ sơ lỗi (các hồ sơ khác vẫn được nhập)" />
          <Table<Result>
            rowKey="index"
            size="small"
            dataSource={failed}
            pagination={{ pageSize: 50 }}
            columns={[
              { title: 'Dòng', dataIndex: 'line', width: 80 },
              { title: 'Mã hồ sơ', dataIndex: 'externalId' },
              { title: 'Lỗi', key: 'error', render: (_: unknown, r) => `${r.error?.status ?? ''} ${r.error?.detail ?? ''}` },
            ]}
          />
        </>
      )}
    </Card>
  );
}
