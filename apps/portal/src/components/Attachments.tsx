/**
 * The dossier's documents: uploaded with a progress bar (POST /api/v1/attachments, raw bytes), each
 * listed with the SHA-256 the server computed — what the đề án records and an auditor can check a
 * printed copy against — and downloaded through the đề án that cites it.
 */
import { Button, Space, Typography, Upload } from 'antd';
import type { UploadFile, UploadProps } from 'antd';
import { ApiProblem, csrfHeaders } from '../api/client';

export interface Attachment {
  readonly name: string;
  readonly sha256: string;
}

const formatSize = (bytes: number) => `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(bytes / 1024)} kB`;

/** One upload over XMLHttpRequest: fetch reports no upload progress. */
const send: UploadProps['customRequest'] = ({ file, onProgress, onSuccess, onError }) => {
  const blob = file as File;
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `/api/v1/attachments?name=${encodeURIComponent(blob.name)}`);
  for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
  xhr.setRequestHeader('Content-Type', blob.type || 'application/octet-stream');
  xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.({ percent: (e.loaded / e.total) * 100 });
  xhr.onload = () => {
    const body = JSON.parse(xhr.responseText || '{}') as Record<string, unknown>;
    if (xhr.status === 201) onSuccess?.(body);
    else onError?.(new ApiProblem(xhr.status, String(body.title ?? xhr.statusText), body.detail as string | undefined));
  };
  xhr.onerror = () => onError?.(new ApiProblem(0, 'Mất kết nối', 'Kiểm tra mạng rồi tải lại tệp'));
  xhr.send(blob);
};

/** A form control: its value the `{name, sha256}` list the registration sends. */
export function AttachmentsUpload({ onChange }: { value?: Attachment[]; onChange?: (value: Attachment[]) => void }) {
  const onUpload: UploadProps['onChange'] = ({ fileList }) => {
    const done = fileList.filter((f) => f.status === 'done' && f.response).map((f) => f.response as Attachment & { size: number });
    onChange?.(done.map(({ name, sha256 }) => ({ name, sha256 })));
  };
  return (
    <Upload
      multiple
      customRequest={send}
      onChange={onUpload}
      itemRender={(node, file: UploadFile<Attachment & { size: number }>) => (
        <div>
          {node}
          {file.status === 'done' && file.response && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatSize(file.response.size)} · SHA-256 <code>{file.response.sha256}</code>
            </Typography.Text>
          )}
          {file.status === 'error' && (
            <Typography.Text type="danger" role="alert" style={{ fontSize: 12 }}>
              {(file.error as Error | undefined)?.message ?? 'Không tải lên được'} — chọn lại tệp
            </Typography.Text>
          )}
        </div>
      )}
    >
      <Button>Chọn tệp tải lên</Button>
    </Upload>
  );
}

/** The documents a dossier cites, each a download and its digest. */
export function AttachmentList({ deAnId, attachments }: { deAnId: string; attachments: readonly Attachment[] }) {
  if (attachments.length === 0) return <>—</>;
  return (
    <Space direction="vertical" size={2}>
      {attachments.map((a) => (
        <span key={a.sha256}>
          <a href={`/api/v1/de-an/${deAnId}/attachments/${a.sha256}`} download={a.name}>
            {a.name}
          </a>{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            SHA-256 <code>{a.sha256}</code>
          </Typography.Text>
        </span>
      ))}
    </Space>
  );
}
