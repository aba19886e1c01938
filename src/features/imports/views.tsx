import type { FormErrors, FormValues } from '../../core/http/forms.ts';
import type { OfficeRef } from '../../core/http/env.ts';
import type { Locale } from '../../core/i18n/locale.ts';
import { isMessageKey, t } from '../../core/i18n/messages.ts';
import { STATIC_FILES } from '../../core/views/assets.ts';
import { Field, Form } from '../../core/views/forms.tsx';
import { formatDateTime } from '../../core/views/format.ts';
import { Page } from '../../core/views/layout.tsx';
import { DataTable } from '../../core/views/table.tsx';
import type { View } from '../../core/views/view.ts';
import { allowedLabels, codeLabel, KIND_NAMES, KIND_SLUGS, normaliseRow, type ImportColumn, type KindName } from './kind.ts';
import { KINDS } from './kinds/index.ts';
import { MAX_ROWS, type MessageRef } from './parse.ts';
import type { ImportRecord, ImportSummary } from './repo.ts';
import { countRows, hasErrors, type StoredRow } from './rows.ts';

/** The upload-progress script (progressive enhancement; the form works without it). */
const IMPORT_JS = `/static/import.js?v=${STATIC_FILES.get('import.js')?.hash ?? ''}`;

/** Preview rows shown: every row with errors or a duplicate (up to 500), then valid ones (up to 100). */
const SHOW_PROBLEMS = 500;
const SHOW_VALID = 100;

const base = (office: OfficeRef) => `/admin/kancelarije/${office.slug}`;
export const importsPath = (office: OfficeRef) => `${base(office)}/uvoz`;
export const previewPath = (office: OfficeRef, id: string) => `${importsPath(office)}/${id}`;
export const rowPath = (office: OfficeRef, id: string, line: number) => `${previewPath(office, id)}/red/${line}`;

const columnOf = (kind: KindName, field: string) => KINDS[kind].columns.find((c) => c.field === field);

/** A stored error in the reader's script (allowed values of a code column listed in it too). */
export function renderError(locale: Locale, kind: KindName, field: string, ref: MessageRef): string {
  const vars: Record<string, string | number> = { ...(ref.vars ?? {}) };
  const column = columnOf(kind, field);
  if (ref.key === 'imports.err.code' && column) vars.allowed = allowedLabels(locale, column);
  if (ref.key === 'imports.err.columns') {
    const header = (f: string) => {
      const c = columnOf(kind, f);
      return c ? t(locale, c.header) : f;
    };
    vars.missing = String(vars.missing ?? '')
      .split(',')
      .filter(Boolean)
      .map(header)
      .join(', ');
    vars.expected = KINDS[kind].columns
      .map((c) => (c.required ? `${t(locale, c.header)} (${t(locale, 'imports.columns.required')})` : t(locale, c.header)))
      .join(', ');
  }
  return isMessageKey(ref.key) ? t(locale, ref.key, vars) : ref.key;
}

function Crumbs({ v, office, here }: { v: View; office: OfficeRef; here?: boolean }) {
  return (
    <p class="crumbs">
      <a href={v.href('/admin')}>{v.t('admin.title')}</a> · <a href={v.href(base(office))}>{v.tx(office.name)}</a>
      {here ? null : (
        <>
          {' '}
          · <a href={v.href(importsPath(office))}>{v.t('imports.crumb')}</a>
        </>
      )}
    </p>
  );
}

function ColumnList({ v, kind }: { v: View; kind: KindName }) {
  return (
    <details>
      <summary>{v.t('imports.columns', { kind: v.t(`imports.kind.${kind}.for`) })}</summary>
      <ul>
        {KINDS[kind].columns.map((c) => {
          const allowed = allowedLabels(v.locale, c);
          return (
            <li>
              <strong>{v.t(c.header)}</strong>
              {c.required ? ` (${v.t('imports.columns.required')})` : ''}
              {allowed ? `: ${allowed}` : ''}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

export function ImportsPage(props: {
  v: View;
  office: OfficeRef;
  recent: ImportSummary[];
  maxMb: number;
  values?: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { v, office, recent, values = {}, errors } = props;
  const fileError = errors?.file;
  const fileDescribedBy = ['f-file-hint', fileError ? 'f-file-error' : ''].filter(Boolean).join(' ');
  return (
    <Page v={v} title={v.t('imports.title')}>
      <Crumbs v={v} office={office} here />
      <h1>{v.t('imports.title')}</h1>
      <p class="lead">{v.t('imports.lead')}</p>

      <h2>{v.t('imports.upload.title')}</h2>
      <form
        method="post"
        action={v.href(importsPath(office))}
        enctype="multipart/form-data"
        novalidate
        data-upload-progress="upload-progress"
      >
        <input type="hidden" name="_csrf" value={v.csrf()} />
        {errors && Object.keys(errors).length > 0 ? (
          <div class="error-summary" role="alert" tabindex={-1} id="errors">
            <p>{v.t('form.errors')}</p>
            <ul>
              {Object.entries(errors).map(([k, msg]) => (
                <li>{k === '_form' ? msg : <a href={`#f-${k}`}>{msg}</a>}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <Field
          v={v}
          name="kind"
          label={v.t('imports.kind')}
          value={values.kind ?? 'associations'}
          errors={errors}
          required
          options={KIND_NAMES.map((k) => [k, v.t(`imports.kind.${k}`)] as [string, string])}
        />
        <div class={fileError ? 'field has-error' : 'field'}>
          <label for="f-file">{v.t('imports.file')}</label>
          <p class="hint" id="f-file-hint">
            {v.t('imports.file.hint', { rows: MAX_ROWS, mb: props.maxMb })}
          </p>
          {fileError ? (
            <p class="error" id="f-file-error">
              {fileError}
            </p>
          ) : null}
          <input
            type="file"
            id="f-file"
            name="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={fileDescribedBy}
            aria-invalid={fileError ? 'true' : undefined}
          />
        </div>
        <div id="upload-progress" class="field" hidden>
          <label for="upload-progress-bar">{v.t('imports.progress')}</label>
          <progress id="upload-progress-bar" max={100} value={0} data-done={v.t('imports.progress.done')}>
            0%
          </progress>
          <p class="hint" role="status" id="upload-progress-status"></p>
        </div>
        <button type="submit">{v.t('imports.submit')}</button>
      </form>
      <p>{v.t('imports.columns.lead')}</p>
      {KIND_NAMES.map((k) => (
        <ColumnList v={v} kind={k} />
      ))}

      <h3>{v.t('imports.templates')}</h3>
      <ul>
        {KIND_NAMES.flatMap((k) =>
          (['xlsx', 'csv'] as const).map((f) => (
            <li>
              <a href={v.href(`${importsPath(office)}/obrazac/${KIND_SLUGS[k]}.${f}`)} download>
                {v.t('imports.template', { kind: v.t(`imports.kind.${k}.for`), format: f.toUpperCase() })}
              </a>
            </li>
          )),
        )}
      </ul>

      <h2>{v.t('imports.export')}</h2>
      <p>{v.t('imports.export.lead')}</p>
      <ul>
        {KIND_NAMES.flatMap((k) =>
          (['xlsx', 'csv'] as const).map((f) => (
            <li>
              <a href={v.href(`${base(office)}/izvoz/${KIND_SLUGS[k]}.${f}`)} download>
                {v.t('imports.export.link', { kind: v.t(`imports.kind.${k}`), format: f.toUpperCase() })}
              </a>
            </li>
          )),
        )}
      </ul>
      <p class="hint">{v.t('imports.export.csvNote')}</p>

      <h2>{v.t('imports.recent')}</h2>
      <DataTable
        caption={v.t('imports.recent')}
        captionHidden
        rows={recent}
        empty={v.t('imports.recent.none')}
        columns={[
          {
            label: v.t('imports.col.file'),
            rowHeader: true,
            cell: (i) => <a href={v.href(previewPath(office, i.id))}>{v.tx(i.filename)}</a>,
          },
          { label: v.t('imports.col.kind'), cell: (i) => v.t(`imports.kind.${i.kind}`) },
          { label: v.t('imports.col.when'), cell: (i) => formatDateTime(v.locale, i.created_at) },
          { label: v.t('imports.col.status'), cell: (i) => v.t(`imports.status.${i.status}`) },
          { label: v.t('imports.col.rows'), numeric: true, cell: (i) => i.row_count },
          { label: v.t('imports.col.written'), numeric: true, cell: (i) => i.written },
        ]}
      />
      <script src={IMPORT_JS} defer></script>
    </Page>
  );
}

/** Rows in the order the preview shows them: errors, then duplicates, then valid; capped. */
function shownRows(rows: readonly StoredRow[]): StoredRow[] {
  const problems = rows.filter((r) => hasErrors(r) || r.duplicate);
  const valid = rows.filter((r) => !hasErrors(r) && !r.duplicate);
  const byKind = (r: StoredRow) => (hasErrors(r) ? 0 : 1);
  return [...[...problems].sort((a, b) => byKind(a) - byKind(b) || a.line - b.line).slice(0, SHOW_PROBLEMS), ...valid.slice(0, SHOW_VALID)];
}

function Cell({ v, kind, column, row }: { v: View; kind: KindName; column: ImportColumn; row: StoredRow }) {
  const error = row.errors[column.field];
  return (
    <td class={error ? 'has-error' : undefined}>
      {row.values[column.field] ?? ''}
      {error ? <p class="error">{renderError(v.locale, kind, column.field, error)}</p> : null}
    </td>
  );
}

export function PreviewPage(props: { v: View; office: OfficeRef; imp: ImportRecord; rows: StoredRow[]; formError?: string | undefined }) {
  const { v, office, imp, rows, formError } = props;
  const kind = imp.kind;
  const title = v.t('imports.preview.title', { file: imp.filename });
  if (imp.status !== 'preview') {
    return (
      <Page v={v} title={title}>
        <Crumbs v={v} office={office} />
        <h1>{title}</h1>
        <p>
          {imp.status === 'confirmed'
            ? v.t('imports.done.confirmed', {
                date: formatDateTime(v.locale, imp.finished_at ?? imp.created_at),
                written: imp.written,
                rows: imp.row_count,
              })
            : v.t('imports.done.cancelled', { date: formatDateTime(v.locale, imp.finished_at ?? imp.created_at) })}
        </p>
        <p>
          {imp.status === 'confirmed' ? (
            <>
              <a href={v.href(`${base(office)}${KINDS[kind].registerPath}`)}>{v.t('imports.done.register')}</a> ·{' '}
            </>
          ) : null}
          <a href={v.href(importsPath(office))}>{v.t('imports.back')}</a>
        </p>
      </Page>
    );
  }
  const counts = countRows(rows);
  const present = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const columns = KINDS[kind].columns.filter((c) => present.has(c.field) || rows.some((r) => r.errors[c.field]));
  const shown = shownRows(rows);
  const rowErrors = (r: StoredRow) => Object.entries(r.errors).filter(([f]) => !columns.some((c) => c.field === f));
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <h1>{title}</h1>
      <p>{v.t('imports.preview.lead')}</p>
      <p class="meta">{v.t('imports.preview.encoding', { encoding: imp.encoding.toUpperCase() })}</p>
      {imp.ignored.length > 0 ? <p class="notice">{v.t('imports.preview.ignored', { names: imp.ignored.join(', ') })}</p> : null}
      <h2>{v.t('imports.counts')}</h2>
      <dl class="facts counts">
        <dt>{v.t('imports.count.rows')}</dt>
        <dd>{counts.rows}</dd>
        <dt>{v.t('imports.count.valid')}</dt>
        <dd>{counts.valid}</dd>
        <dt>{v.t('imports.count.errors')}</dt>
        <dd>{counts.errors}</dd>
        <dt>{v.t('imports.count.duplicates')}</dt>
        <dd>{counts.duplicates}</dd>
      </dl>
      <Form v={v} action={v.href(`${previewPath(office, imp.id)}/potvrdi`)} errors={formError ? { _form: formError } : undefined}>
        {shown.length < rows.length ? <p class="hint">{v.t('imports.table.shown', { shown: shown.length, total: rows.length })}</p> : null}
        <div class="table-scroll" role="region" aria-labelledby="rows-caption" tabindex={0}>
          <table class="import-rows">
            <caption id="rows-caption">{v.t('imports.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('imports.table.line')}</th>
                <th scope="col">{v.t('imports.table.state')}</th>
                {columns.map((c) => (
                  <th scope="col">{v.t(c.header)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr id={`row-${r.line}`}>
                  <th scope="row">{r.line}</th>
                  <td>
                    {hasErrors(r) ? (
                      <>
                        <strong class="error">{v.t('imports.row.invalid')}</strong>
                        {rowErrors(r).map(([f, ref]) => (
                          <p class="error">{renderError(v.locale, kind, f, ref)}</p>
                        ))}
                        <br />
                        <a href={v.href(rowPath(office, imp.id, r.line))}>{v.t('imports.row.fix', { line: r.line })}</a>
                      </>
                    ) : r.duplicate ? (
                      <>
                        <p>
                          {r.duplicate.of === 'file'
                            ? v.t('imports.dup.file', { line: r.duplicate.line })
                            : v.t('imports.dup.register', { name: v.tx(r.duplicate.name) })}
                        </p>
                        <div class="field check">
                          <input
                            type="checkbox"
                            id={`f-include-${r.line}`}
                            name="include"
                            value={String(r.line)}
                            checked={r.include === true}
                          />
                          <label for={`f-include-${r.line}`}>{v.t('imports.dup.include', { line: r.line })}</label>
                        </div>
                      </>
                    ) : (
                      v.t('imports.row.valid')
                    )}
                  </td>
                  {columns.map((c) => (
                    <Cell v={v} kind={kind} column={c} row={r} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {counts.errors > 0 ? (
          <div class="field check">
            <input type="checkbox" id="f-skip_errors" name="skip_errors" value="on" />
            <label for="f-skip_errors">{v.t('imports.skipErrors', { n: counts.errors })}</label>
          </div>
        ) : null}
        <p>{v.t('imports.confirm.lead', { n: counts.toWrite })}</p>
        <button type="submit">{v.t('imports.confirm')}</button>
      </Form>
      <Form v={v} action={v.href(`${previewPath(office, imp.id)}/otkazi`)}>
        <p>{v.t('imports.cancel.lead')}</p>
        <button type="submit" class="secondary">
          {v.t('imports.cancel')}
        </button>
      </Form>
    </Page>
  );
}

/** The keyboard a column wants on phones: e-mail, phone, address, digits. */
function inputMode(c: ImportColumn): 'email' | 'tel' | 'url' | 'numeric' | undefined {
  if (c.type.type === 'int' || (c.type.type === 'latin' && c.type.digits)) return 'numeric';
  if (c.type.type !== 'latin') return undefined;
  return c.field.includes('email') ? 'email' : c.field === 'phone' ? 'tel' : c.field === 'website' ? 'url' : undefined;
}

/** The edit form's controls: a select for one code (keeping an unknown typed value), text otherwise. */
function RowField({ v, column, value, errors }: { v: View; column: ImportColumn; value: string; errors: FormErrors }) {
  const type = column.type;
  const label = v.t(column.header);
  if (type.type === 'code' || type.type === 'bool') {
    const options: Array<[string, string]> =
      type.type === 'code'
        ? [['', '—'], ...type.codes.map((code) => [code, codeLabel(v.locale, type.label(code))] as [string, string])]
        : [
            ['', '—'],
            ['da', v.t('imports.yes')],
            ['ne', v.t('imports.no')],
          ];
    // The value as typed, matched to an option; one that matches none stays, as typed, selected.
    const normalised = normaliseRow([{ ...column, whenEmpty: undefined }], { [column.field]: value });
    const read = normalised.input[column.field] ?? '';
    const known =
      value === '' ? '' : normalised.errors[column.field] ? undefined : type.type === 'code' ? read : read === 'true' ? 'da' : 'ne';
    const selected = known ?? value;
    if (known === undefined && value !== '') options.unshift([value, value]);
    return <Field v={v} name={column.field} label={label} value={selected} errors={errors} required={column.required} options={options} />;
  }
  const hint = type.type === 'codes' ? `${allowedLabels(v.locale, column)}` : type.type === 'date' ? v.t('err.date') : undefined;
  const long = column.field === 'description' || column.field === 'notes';
  return (
    <Field
      v={v}
      name={column.field}
      label={label}
      value={value}
      errors={errors}
      required={column.required}
      multiline={long}
      {...(hint ? { hint } : {})}
      {...(inputMode(column) ? { inputmode: inputMode(column) } : {})}
    />
  );
}

export function RowPage(props: { v: View; office: OfficeRef; imp: ImportRecord; row: StoredRow; values?: FormValues }) {
  const { v, office, imp, row } = props;
  const kind = imp.kind;
  const values = props.values ?? row.values;
  const errors: FormErrors = {};
  for (const [field, ref] of Object.entries(row.errors))
    errors[columnOf(kind, field) ? field : '_form'] ??= renderError(v.locale, kind, field, ref);
  const title = v.t('imports.row.title', { line: row.line });
  return (
    <Page v={v} title={title}>
      <Crumbs v={v} office={office} />
      <p>
        <a href={v.href(`${previewPath(office, imp.id)}#row-${row.line}`)}>{v.t('imports.row.back')}</a>
      </p>
      <h1>{title}</h1>
      <p>{v.t('imports.row.lead')}</p>
      <Form
        v={v}
        action={v.href(rowPath(office, imp.id, row.line))}
        errors={Object.keys(errors).length > 0 ? errors : undefined}
        novalidate
      >
        {KINDS[kind].columns.map((c) => (
          <RowField v={v} column={c} value={values[c.field] ?? ''} errors={errors} />
        ))}
        <button type="submit">{v.t('imports.row.save')}</button>
      </Form>
    </Page>
  );
}
