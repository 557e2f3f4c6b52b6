/** What a refused request tells the user, and what they can do about it. */
import { useState } from 'react';
import { Alert, Button, Result } from 'antd';
import type { FormInstance } from 'antd';
import { ApiProblem } from '../api/client';

/**
 * A problem's field errors, put next to their fields ("budget.requestedSupport" → ['budget',
 * 'requestedSupport']); true when every one found its field (an error on a list as a whole, or on a
 * field the form does not show, is left for the alert).
 */
export function showFieldErrors(form: FormInstance, error: unknown): boolean {
  if (!(error instanceof ApiProblem) || error.errors.length === 0) return false;
  const byField = new Map<string, string[]>();
  for (const { field, message } of error.errors) byField.set(field, [...(byField.get(field) ?? []), message]);
  const fields = [...byField].map(([field, errors]) => ({
    name: field
      .split(/[.[\]]/)
      .filter(Boolean)
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
    errors,
  }));
  const shown = fields.filter((f) => form.getFieldInstance(f.name) !== undefined);
  form.setFields(shown);
  return shown.length === fields.length;
}

/**
 * A form's submission: busy while it runs; a refusal's field errors go next to their fields, anything
 * else — and a 412, which no field can fix — is kept as `error` for a ProblemAlert.
 */
export function useSubmission(form?: FormInstance) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (problem) {
      const stale = problem instanceof ApiProblem && problem.status === 412;
      if (stale || !form || !showFieldErrors(form, problem)) setError(problem);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

const HINTS: Record<number, string> = {
  401: 'Phiên đăng nhập đã hết; vui lòng đăng nhập lại.',
  403: 'Tài khoản của bạn không được thực hiện thao tác này.',
  404: 'Không tìm thấy, hoặc bạn không có quyền xem.',
  409: 'Thao tác không còn phù hợp với trạng thái hiện tại; tải lại trang để xem trạng thái mới.',
  422: 'Vi phạm quy định nghiệp vụ; điều chỉnh số liệu theo hướng dẫn rồi gửi lại.',
  429: 'Quá nhiều yêu cầu; vui lòng thử lại sau ít phút.',
};

export function ProblemAlert({ error, onReload }: { error: unknown; onReload?: () => void }) {
  if (!error) return null;
  if (error instanceof ApiProblem && error.status === 412) {
    return (
      <Result
        status="warning"
        title="Đề án đã được người khác cập nhật"
        subTitle="Trang bạn đang xem đã cũ. Tải lại để xem phiên bản mới nhất rồi thực hiện lại thao tác."
        extra={
          <Button type="primary" onClick={onReload ?? (() => window.location.reload())}>
            Tải lại
          </Button>
        }
      />
    );
  }
  const problem = error instanceof ApiProblem ? error : undefined;
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      message={problem ? `${problem.title} (${problem.status})` : 'Không kết nối được máy chủ'}
      description={
        <>
          {problem?.detail && <div>{problem.detail}</div>}
          <div>{problem ? (HINTS[problem.status] ?? 'Vui lòng thử lại.') : 'Kiểm tra kết nối mạng rồi thử lại.'}</div>
        </>
      }
    />
  );
}

/** A form's last row: what the API refused, if anything, and its send button. */
export function SendRow({ error, busy }: { error: unknown; busy: boolean }) {
  return (
    <>
      {error !== undefined && <ProblemAlert error={error} />}
      <Button type="primary" htmlType="submit" loading={busy}>
        Gửi
      </Button>
    </>
  );
}
