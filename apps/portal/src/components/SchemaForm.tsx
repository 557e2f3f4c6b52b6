/**
 * A form drawn from a JSON schema of the OpenAPI document: text, numbers (money in đồng with
 * separators), dates, choices, yes/no, nested groups and lists. Labels are the DTOs' descriptions (in
 * Vietnamese) or labels.ts for the few without one. Values leave as the API takes them: dates as
 * YYYY-MM-DD, money as integer đồng.
 */
import { ReactNode } from 'react';
import { Button, Checkbox, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import type { Schema } from '../api/openapi';
import { FIELD_LABELS, VALUE_LABELS } from '../labels';

export const labelOf = (name: string, schema: Schema) => schema.description ?? FIELD_LABELS[name] ?? name;

const isMoney = (schema: Schema) => schema.type === 'integer' && typeof schema.example === 'number' && schema.example >= 1_000_000;

/** Fields whose widget a caller supplies (a user picker for council members, say). */
export type Overrides = Readonly<Record<string, (name: (string | number)[], label: string, required: boolean) => ReactNode>>;

/**
 * The fields of an object schema. Inside an optional group (a revision's `budget`, say) nothing is
 * required: the group is left out unless something in it is filled (prune does that before sending).
 */
export function SchemaFields({
  schema,
  path = [],
  overrides = {},
  optional = false,
}: {
  schema: Schema;
  path?: (string | number)[];
  overrides?: Overrides;
  optional?: boolean;
}) {
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([name, field]) => (
        <SchemaField
          key={name}
          name={[...path, name]}
          field={field}
          required={!optional && (schema.required?.includes(name) ?? false)}
          overrides={overrides}
        />
      ))}
    </>
  );
}

/** A form's values as the API takes them: no empty text, no untouched group, no empty optional list. */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune).filter((v) => v !== undefined);
  if (value !== null && typeof value === 'object') {
    const kept = Object.entries(value).flatMap(([k, v]) => {
      const p = prune(v);
      return p === undefined ? [] : [[k, p] as const];
    });
    return kept.length ? Object.fromEntries(kept) : undefined;
  }
  return value === '' || value === null ? undefined : value;
}

function SchemaField({ name, field, required, overrides }: { name: (string | number)[]; field: Schema; required: boolean; overrides: Overrides }) {
  const key = String(name.at(-1));
  const label = labelOf(key, field);
  const override = overrides[name.join('.')];
  if (override) return <>{override(name, label, required)}</>;
  const rules = required && field.type !== 'boolean' ? [{ required: true, message: `Nhập ${label.toLowerCase()}` }] : [];
  if (field.type === 'object' && field.properties) {
    return (
      <fieldset style={{ border: '1px solid #e5e5e5', padding: '8px 16px', marginBottom: 16 }}>
        <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', border: 0, margin: 0 }}>{label}</legend>
        <SchemaFields schema={field} path={name} overrides={overrides} optional={!required} />
      </fieldset>
    );
  }
  if (field.type === 'array' && field.items?.type === 'object') {
    return (
      <fieldset style={{ border: '1px solid #e5e5e5', padding: '8px 16px', marginBottom: 16 }}>
        <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', border: 0, margin: 0 }}>{label}</legend>
        <Form.List name={name} initialValue={required ? [{}] : []}>
          {(rows, { add, remove }) => (
            <>
              {rows.map((row, i) => (
                <Space key={row.key} align="start" wrap>
                  <SchemaFields schema={field.items!} path={[row.name]} overrides={overrides} />
                  <Button onClick={() => remove(row.name)} aria-label={`Xoá dòng ${i + 1} của ${label}`}>
                    Xoá
                  </Button>
                </Space>
              ))}
              {/* named by its list: a form may hold several (results, establishments) */}
              <Button type="dashed" onClick={() => add({})} aria-label={`Thêm dòng: ${label}`}>
                Thêm dòng
              </Button>
            </>
          )}
        </Form.List>
      </fieldset>
    );
  }
  if (field.type === 'array') {
    return (
      <Form.Item label={label} name={name} rules={rules}>
        <Select mode="tags" aria-label={label} tokenSeparators={['\n']} open={false} />
      </Form.Item>
    );
  }
  if (field.enum) {
    return (
      <Form.Item label={label} name={name} rules={rules}>
        <Select
          aria-label={label}
          showSearch={{ optionFilterProp: 'label' }}
          options={field.enum.map((v) => ({ value: v, label: VALUE_LABELS[String(v)] ?? String(v) }))}
        />
      </Form.Item>
    );
  }
  if (field.type === 'boolean') {
    return (
      <Form.Item name={name} valuePropName="checked" initialValue={required ? false : undefined}>
        <Checkbox>{label}</Checkbox>
      </Form.Item>
    );
  }
  if (field.format === 'date') {
    return (
      <Form.Item
        label={label}
        name={name}
        rules={rules}
        getValueProps={(value: string | undefined) => ({ value: value ? dayjs(value) : undefined })}
        normalize={(value: dayjs.Dayjs | null) => (value ? value.format('YYYY-MM-DD') : undefined)}
      >
        <DatePicker format="DD/MM/YYYY" aria-label={label} />
      </Form.Item>
    );
  }
  if (field.type === 'integer' || field.type === 'number') {
    const money = isMoney(field);
    return (
      <Form.Item label={money ? `${label} (đồng)` : label} name={name} rules={rules}>
        <InputNumber
          aria-label={label}
          style={{ width: money ? 240 : 140 }}
          min={field.minimum}
          max={field.maximum}
          precision={field.type === 'integer' ? 0 : undefined}
          formatter={money ? (v) => `${v ?? ''}`.replace(/\B(?=(\d{3})+(?!\d))/g, '.') : undefined}
          parser={money ? (v) => Number((v ?? '').replace(/\./g, '')) : undefined}
        />
      </Form.Item>
    );
  }
  const long = (field.maxLength ?? 0) > 500;
  return (
    <Form.Item label={label} name={name} rules={rules}>
      {long ? <Input.TextArea rows={3} /> : <Input />}
    </Form.Item>
  );
}
