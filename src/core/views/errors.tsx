import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http/env.ts';
import { problem, wantsJson } from '../http/problem.ts';
import { t, type MessageKey } from '../i18n/messages.ts';
import { Page } from './layout.tsx';
import { view } from './view.ts';

const TEXTS: Record<number, [MessageKey, MessageKey | null]> = {
  400: ['error.400.title', null],
  403: ['error.403.title', 'error.403.text'],
  404: ['error.404.title', 'error.404.text'],
  413: ['error.413.title', 'error.413.text'],
  500: ['error.500.title', 'error.500.text'],
  503: ['error.503.title', 'error.503.text'],
};

/**
 * An error answer in the reader's script: a friendly page, or an RFC 9457 problem document
 * for the API. Never a stack trace.
 */
export function errorResponse(
  c: Context<AppEnv>,
  status: 400 | 403 | 404 | 413 | 500 | 503,
  detail?: string,
): Response | Promise<Response> {
  const locale = c.var.locale ?? 'cir';
  const [titleKey, textKey] = TEXTS[status] ?? TEXTS[500]!;
  // An error is about this request only; nobody should keep it.
  c.header('cache-control', 'no-store');
  if (wantsJson(c)) {
    return problem(c, {
      title: t(locale, titleKey),
      status,
      ...(detail ? { detail } : textKey ? { detail: t(locale, textKey) } : {}),
    });
  }
  const v = view(c);
  return c.html(
    <Page v={v} title={v.t(titleKey)}>
      <h1>{v.t(titleKey)}</h1>
      {detail ? <p>{detail}</p> : textKey ? <p>{v.t(textKey)}</p> : null}
      <p>
        <a href={v.href('/')}>{v.t('error.home')}</a>
      </p>
    </Page>,
    status as ContentfulStatusCode,
  );
}
