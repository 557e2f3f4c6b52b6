/**
 * Registration of a đề án: the fields of the API's registration body, the content area and activity
 * from the catalogue in force today, and the support cap of the rule in force shown as the budget is
 * typed (the engine's own supportCap: the decider judges by the same table). Field errors from the API
 * sit next to their fields; nothing typed is lost when it refuses.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { AREA_LABELS, CONTENT_AREAS, CONTENT_CATALOGUE, formatTrieu, versionInForce, vietnamDay } from '@app/domain';
import { send, writeHeaders } from '../api/client';
import { bodySchema, useOpenApi } from '../api/openapi';
import { AttachmentsUpload } from '../components/Attachments';
import { ProblemAlert, useSubmission } from '../components/Problem';
import { prune, SchemaFields } from '../components/SchemaForm';
import { capOf } from '../components/StepHints';
import { useSession } from '../session';

const today = vietnamDay(new Date());
const catalogue = versionInForce(CONTENT_CATALOGUE, today);

export function RegisterPage() {
  const { me } = useSession();
  const navigate = useNavigate();
  const document = useOpenApi();
  const [form] = Form.useForm();
  const { busy, error, run } = useSubmission(form);
  const [idempotencyKey] = useState(() => writeHeaders()['Idempotency-Key']!);
  const area = Form.useWatch('contentArea', form) as string | undefined;
  const values = Form.useWatch([], form) as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
  const schema = document.data && bodySchema(document.data, 'POST', '/api/v1/de-an');
  if (!schema) return <Card loading />;
  // Drawn here rather than from the schema: the catalogue's pickers, and documents uploaded for their digest.
  const { contentArea: _a, activity: _b, organisation: _c, supplementary: _d, attachments: _e, ...rest } = schema.properties ?? {};
  const fields = { ...schema, properties: rest };

  // the engine's own cap, as the decider will judge it (a group đề án's per establishment)
  const cap = values?.budget?.totalCost > 0 ? capOf(values ?? {}, values!.budget.totalCost) : undefined;
  const requested = values?.budget?.requestedSupport as number | undefined;

  const submit = (body: Record<string, unknown>) =>
    run(async () => {
      const created = await send<{ id: string }>(
        'POST',
        '/api/v1/de-an',
        { attachments: [], expectedResults: [], ...(prune(body) as object) },
        { 'Idempotency-Key': idempotencyKey },
      );
      navigate(`/de-an/${created.id}`);
    });
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>
          Đăng ký đề án
        </Typography.Title>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ province: me!.province, planYear: Number(today.slice(0, 4)) + 1 }}
        style={{ maxWidth: 880 }}
      >
        <Form.Item label="Lĩnh vực" name="contentArea" rules={[{ required: true, message: 'Chọn lĩnh vực' }]}>
          <Select
            aria-label="Lĩnh vực"
            showSearch={{ optionFilterProp: 'label' }}
            options={CONTENT_AREAS.map((a) => ({ value: a, label: `${a}. ${AREA_LABELS[a]}` }))}
            onChange={() => form.setFieldValue('activity', undefined)}
          />
        </Form.Item>
        <Form.Item label="Nội dung hoạt động" name="activity" rules={[{ required: true, message: 'Chọn nội dung hoạt động' }]}>
          <Select
            aria-label="Nội dung hoạt động"
            showSearch={{ optionFilterProp: 'label' }}
            disabled={!area}
            options={catalogue.value.filter((a) => a.area === area).map((a) => ({ value: a.code, label: `${a.code} ${a.label}` }))}
          />
        </Form.Item>
        {me!.role === 'officer' && (
          <Form.Item label="Tổ chức chủ đề án (mã)" name="organisation" rules={[{ required: true, message: 'Nhập mã tổ chức' }]}>
            <Input />
          </Form.Item>
        )}
        <SchemaFields schema={fields} />
        <Form.Item
          label="Tài liệu kèm theo"
          name="attachments"
          extra="Thuyết minh, báo giá, giấy phép…: hồ sơ ghi tên tệp và mã SHA-256 của nội dung"
        >
          <AttachmentsUpload />
        </Form.Item>
        {cap && (
          <Alert
            role="status"
            type={cap.limit !== null && requested !== undefined && requested > cap.limit ? 'error' : 'info'}
            showIcon
            style={{ marginBottom: 16 }}
            message={
              cap.limit === null
                ? 'Văn bản không quy định mức hỗ trợ tối đa cho nội dung này'
                : `Mức hỗ trợ tối đa: ${formatTrieu(cap.limit)} triệu đồng${requested !== undefined && requested > cap.limit ? ' — kinh phí đề nghị vượt mức này' : ''}`
            }
            description={`Căn cứ: ${cap.legalBasis}`}
          />
        )}
        {error !== undefined && <ProblemAlert error={error} />}
        <Button type="primary" htmlType="submit" loading={busy}>
          Gửi đăng ký
        </Button>
      </Form>
    </Card>
  );
}
