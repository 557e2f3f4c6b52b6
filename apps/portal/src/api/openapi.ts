/**
 * The served OpenAPI document at run time: each step's form is drawn from its request body's schema,
 * so a field added to a DTO appears in the portal without a second definition here.
 */
import { useQuery } from '@tanstack/react-query';
import { send } from './client';

export interface Schema {
  type?: string;
  format?: string;
  enum?: readonly (string | number)[];
  description?: string;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  pattern?: string;
  properties?: Record<string, Schema>;
  required?: readonly string[];
  items?: Schema;
  $ref?: string;
}

interface Document {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

export function useOpenApi() {
  return useQuery({ queryKey: ['openapi'], queryFn: () => send<Document>('GET', '/docs-json'), staleTime: Infinity });
}

/** A schema with its $refs resolved (the DTOs nest: budget, schedule, result lines). */
export function resolve(document: Document, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]);
  return {
    ...schema,
    ...(schema.properties ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(document, v)!])) } : {}),
    ...(schema.items ? { items: resolve(document, schema.items)! } : {}),
  };
}

/** The body schema of `method path` (path as the document spells it, e.g. /api/v1/de-an/{id}/council). */
export function bodySchema(document: Document, method: string, path: string): Schema | undefined {
  return resolve(document, document.paths[path]?.[method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema);
}
