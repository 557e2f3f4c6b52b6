/** Integrity: the hash chain of every stream recomputed, the first broken link named. */
import { useState } from 'react';
import { Alert, Button, Card, Typography } from 'antd';
import { send } from '../api/client';
import { ProblemAlert, useSubmission } from '../components/Problem';

interface Verification {
  ok: boolean;
  checked: number;
  firstBroken?: { streamId: string; version: number; reason?: string };
}

export function AuditPage() {
  const [result, setResult] = useState<Verification>();
  const { busy, error, run } = useSubmission();
  const verify = () => run(async () => setResult(await send<Verification>('GET', '/api/v1/audit/verify')));
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Toàn vẹn dữ liệu
        </Typography.Title>
      }
    >
      <Typography.Paragraph>
        Mỗi sự kiện mang mã băm SHA-256 nối với sự kiện trước của cùng luồng. Kiểm tra tính lại toàn bộ chuỗi và chỉ ra mắt xích đầu tiên bị sửa, nếu
        có.
      </Typography.Paragraph>
      <Button type="primary" onClick={verify} loading={busy}>
        Kiểm tra toàn vẹn
      </Button>
      <div role="status" style={{ marginTop: 16 }}>
        {busy && 'Đang tính lại chuỗi băm…'}
        {result?.ok && (
          <Alert
            type="success"
            showIcon
            message={`Toàn vẹn: ${result.checked.toLocaleString('vi-VN')} sự kiện đã kiểm tra, không có sự kiện nào bị sửa.`}
          />
        )}
        {result && !result.ok && (
          <Alert
            type="error"
            showIcon
            message="Phát hiện dữ liệu bị sửa"
            description={`Mắt xích hỏng đầu tiên: luồng ${result.firstBroken?.streamId}, phiên bản ${result.firstBroken?.version}${result.firstBroken?.reason ? ` (${result.firstBroken.reason})` : ''}.`}
          />
        )}
      </div>
      {error !== undefined && <ProblemAlert error={error} />}
    </Card>
  );
}
