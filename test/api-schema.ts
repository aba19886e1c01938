import { isDeepStrictEqual } from 'node:util';
import type { ZodType } from 'zod';
import type { App } from '../src/app.ts';

/**
 * API answers checked against the zod schema their operation declares (the same schema the
 * OpenAPI document is generated from), read from the API's registry: no second, hand-written
 * reading of the document.
 */

interface Operation {
  method: string;
  /** The operation's path under /api/v1, OpenAPI style ('/offices/{office}/activities/{activity}'). */
  path: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

function operations(api: App['api']): Operation[] {
  return api.openAPIRegistry.definitions.flatMap((d) =>
    d.type === 'route'
      ? [
          {
            method: d.route.method.toUpperCase(),
            path: d.route.path,
            pattern: new RegExp(`^/api/v1${d.route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
            responses: d.route.responses as Operation['responses'],
          },
        ]
      : [],
  );
}

/**
 * The zod schema an operation declares for this answer (status and media type), or why there
 * is none. The operation is named by a request URL under /api/v1, or by its path as the
 * document writes it ('/offices/{office}'), for requests whose URL names no operation as sent.
 */
export function responseSchema(api: App['api'], method: string, url: string, status: number, contentType: string): ZodType | string {
  const pathname = new URL(url, 'http://kzm.test').pathname;
  const op = operations(api).find((o) => o.method === method.toUpperCase() && (o.path === url || o.pattern.test(pathname)));
  if (!op) return `no API operation ${method} ${pathname}`;
  const response = op.responses[String(status)];
  if (!response) return `${method} ${op.path} declares no ${status} answer`;
  const type = contentType.split(';')[0]!.trim();
  const schema = response.content?.[type]?.schema;
  if (!schema) return `${method} ${op.path} declares no ${type} body for ${status}`;
  return schema as ZodType;
}

/**
 * What is wrong with an API answer by its operation's declared schema ([] when it fits): it
 * must be a declared status and media type, parse, and carry nothing the schema does not name
 * (zod drops unknown keys when parsing, so the parsed value must equal the body).
 */
export function responseProblems(
  api: App['api'],
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: unknown,
): string[] {
  const schema = responseSchema(api, method, url, status, contentType);
  if (typeof schema === 'string') return [schema];
  const parsed = schema.safeParse(body);
  if (!parsed.success) return parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  if (!isDeepStrictEqual(parsed.data, body))
    return [`the body carries fields the schema does not name: ${JSON.stringify(body).slice(0, 300)}`];
  return [];
}
