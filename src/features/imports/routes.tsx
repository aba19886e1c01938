import type { Context } from 'hono';
import { z } from 'zod';
import type { Core } from '../../core/http/app-core.ts';
import { L } from '../../core/http/app-core.ts';
import type { AppEnv } from '../../core/http/env.ts';
import { readForm, type FormErrors } from '../../core/http/forms.ts';
import { STAFF } from '../../core/http/routes.ts';
import { checkUpload, uploadMaxMb } from '../../core/http/uploads.ts';
import { t } from '../../core/i18n/messages.ts';
import { errorResponse } from '../../core/views/errors.tsx';
import { view } from '../../core/views/view.ts';
import type { Format } from './export.ts';
import { KIND_NAMES, KIND_SLUGS, type KindName } from './kind.ts';
import { findImport, listImports } from './repo.ts';
import { readRows } from './rows.ts';
import { cancelImport, confirmImport, createImport, exportRegister, template, updateRow } from './service.ts';
import { ImportsPage, PreviewPage, RowPage, previewPath, renderError } from './views.tsx';

type C = Context<AppEnv>;

/** 'udruzenja.xlsx' → the kind and format it names; anything else names nothing (404). */
function sheetParam(c: C): { kind: KindName; format: Format } | null {
  const m = /^([a-z]+)\.(csv|xlsx)$/.exec(c.req.param('sheet') ?? '');
  const kind = m && KIND_NAMES.find((k) => KIND_SLUGS[k] === m[1]);
  return kind ? { kind, format: m[2] as Format } : null;
}

/** The :line parameter: a row number as the preview shows it. */
function lineParam(c: C): number | null {
  const s = c.req.param('line') ?? '';
  return /^[1-9][0-9]{0,6}$/.test(s) ? Number(s) : null;
}

const uploadForm = z.object({ kind: z.enum(KIND_NAMES, 'err.choice') });
const confirmForm = z.object({
  skip_errors: z
    .string()
    .optional()
    .transform((v) => v === 'on'),
  include: z
    .string()
    .optional()
    .transform(
      (v) =>
        new Set(
          (v ?? '')
            .split(',')
            .map((s) => Number(s.trim()))
            .filter((n) => Number.isInteger(n) && n > 0),
        ),
    ),
});

/** The most an upload may be (the route's body limit is made from the same number). */
const maxMb = (_c: C) => uploadMaxMb('spreadsheet');

function download(c: C, file: { body: Uint8Array; type: string; filename: string }): Response {
  c.header('content-type', file.type);
  c.header('content-disposition', `attachment; filename="${file.filename}"`);
  // Registers hold personal data: never kept by a browser or a proxy.
  c.header('cache-control', 'no-store');
  return c.body(file.body as Uint8Array<ArrayBuffer>);
}

export function registerImportRoutes(core: Core): void {
  const office = `${L}/admin/kancelarije/:office`;
  const root = `${office}/uvoz`;

  const indexPage = async (c: C, values?: Record<string, string>, errors?: FormErrors) => {
    const recent = await listImports(c.var.deps.db, c.var.office.id);
    return c.html(
      <ImportsPage v={view(c)} office={c.var.office} recent={recent} maxMb={maxMb(c)} values={values} errors={errors} />,
      errors ? 400 : 200,
    );
  };

  core.page({ name: 'imports.index', method: 'GET', path: root, access: STAFF }, (c) => indexPage(c));

  core.page({ name: 'imports.upload', method: 'POST', path: root, access: STAFF, upload: 'spreadsheet' }, async (c) => {
    const { deps, office: ref, actor, locale } = c.var;
    const body = await c.req.parseBody();
    const values = { kind: typeof body.kind === 'string' ? body.kind : '' };
    const parsed = uploadForm.safeParse(values);
    const errors: FormErrors = {};
    if (!parsed.success) errors.kind = t(locale, 'err.choice');
    const file = body.file;
    if (!(file instanceof File) || (file.size === 0 && file.name === '')) {
      errors.file = t(locale, 'imports.err.file');
      return indexPage(c, values, errors);
    }
    const checked = await checkUpload(file, 'spreadsheet');
    if (!checked.ok) errors.file = t(locale, checked.error, checked.maxMb ? { maxMb: checked.maxMb } : undefined);
    if (!parsed.success || !checked.ok) return indexPage(c, values, errors);
    const r = await createImport(deps, actor!, ref, parsed.data.kind, { name: file.name, bytes: checked.bytes, type: checked.type });
    if (!r.ok) return indexPage(c, values, { file: renderError(locale, parsed.data.kind, 'file', r.error) });
    return c.redirect(`/${locale}${previewPath(ref, r.id)}`, 303);
  });

  core.page({ name: 'imports.template', method: 'GET', path: `${root}/obrazac/:sheet`, access: STAFF }, async (c) => {
    const sheet = sheetParam(c);
    if (!sheet) return errorResponse(c, 404);
    return download(c, await template(c.var.deps, sheet.kind, sheet.format, c.var.locale));
  });

  core.page({ name: 'imports.export', method: 'GET', path: `${office}/izvoz/:sheet`, access: STAFF }, async (c) => {
    const sheet = sheetParam(c);
    if (!sheet) return errorResponse(c, 404);
    return download(c, await exportRegister(c.var.deps, c.var.actor!, c.var.office, sheet.kind, sheet.format, c.var.locale));
  });

  const previewPage = async (c: C, formError?: string) => {
    const imp = await findImport(c.var.deps.db, c.var.office.id, c.req.param('import') ?? '');
    if (!imp) return errorResponse(c, 404);
    return c.html(
      <PreviewPage v={view(c)} office={c.var.office} imp={imp} rows={readRows(imp.rows)} formError={formError} />,
      formError ? 400 : 200,
    );
  };

  core.page({ name: 'imports.preview', method: 'GET', path: `${root}/:import`, access: STAFF }, (c) => previewPage(c));

  core.page({ name: 'imports.confirm', method: 'POST', path: `${root}/:import/potvrdi`, access: STAFF }, async (c) => {
    const { deps, office: ref, actor, locale } = c.var;
    const id = c.req.param('import') ?? '';
    const choice = confirmForm.parse(await readForm(c));
    const r = await confirmImport(deps, actor!, ref, id, { skipErrors: choice.skip_errors, include: choice.include });
    if (r.ok) return c.redirect(`/${locale}${previewPath(ref, id)}?n=imports.confirmed`, 303);
    if (r.error.key === 'error.404.title') return errorResponse(c, 404);
    if (r.error.key === 'imports.err.finished') return c.redirect(`/${locale}${previewPath(ref, id)}?n=imports.err.finished`, 303);
    return previewPage(c, t(locale, r.error.key, r.error.vars));
  });

  core.page({ name: 'imports.cancel', method: 'POST', path: `${root}/:import/otkazi`, access: STAFF }, async (c) => {
    const { deps, office: ref, actor, locale } = c.var;
    const id = c.req.param('import') ?? '';
    const r = await cancelImport(deps, actor!, ref, id);
    if (!r.ok && r.error.key === 'error.404.title') return errorResponse(c, 404);
    return c.redirect(`/${locale}${previewPath(ref, id)}?n=${r.ok ? 'imports.cancelled' : 'imports.err.finished'}`, 303);
  });

  const rowPage = async (c: C, values?: Record<string, string>) => {
    const line = lineParam(c);
    const imp = line === null ? undefined : await findImport(c.var.deps.db, c.var.office.id, c.req.param('import') ?? '');
    const row = imp && readRows(imp.rows).find((r) => r.line === line);
    if (!imp || !row) return errorResponse(c, 404);
    if (imp.status !== 'preview') return c.redirect(`/${c.var.locale}${previewPath(c.var.office, imp.id)}?n=imports.err.finished`, 303);
    const invalid = Object.keys(row.errors).length > 0;
    return c.html(<RowPage v={view(c)} office={c.var.office} imp={imp} row={row} values={values} />, values && invalid ? 400 : 200);
  };

  core.page({ name: 'imports.row', method: 'GET', path: `${root}/:import/red/:line`, access: STAFF }, (c) => rowPage(c));

  core.page({ name: 'imports.row.save', method: 'POST', path: `${root}/:import/red/:line`, access: STAFF }, async (c) => {
    const { deps, office: ref, locale } = c.var;
    const line = lineParam(c);
    const id = c.req.param('import') ?? '';
    if (line === null) return errorResponse(c, 404);
    const values = await readForm(c);
    const r = await updateRow(deps, ref, id, line, values);
    if (!r.ok)
      return r.error === 'finished' ? c.redirect(`/${locale}${previewPath(ref, id)}?n=imports.err.finished`, 303) : errorResponse(c, 404);
    if (Object.keys(r.row.errors).length > 0) return rowPage(c, values);
    return c.redirect(`/${locale}${previewPath(ref, id)}?n=imports.rowSaved#row-${line}`, 303);
  });
}
