import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../http/csrf.ts';
import type { FormErrors } from '../http/forms.ts';
import type { View } from './view.ts';

/** A POST form with the CSRF token and, when there are errors, a summary that links to each field. */
export function Form(props: { v: View; action: string; errors?: FormErrors | undefined; children?: Child; class?: string; novalidate?: boolean }) {
  const { v, errors } = props;
  const keys = errors ? Object.keys(errors) : [];
  return (
    <form method="post" action={props.action} class={props.class} novalidate={props.novalidate}>
      <input type="hidden" name={CSRF_FIELD} value={v.csrf()} />
      {keys.length > 0 ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors">
          <p>{v.t('form.errors')}</p>
          <ul>
            {keys.map((k) => (
              <li>
                {k === '_form' ? errors?.[k] : <a href={`#f-${k}`}>{errors?.[k]}</a>}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.children}
    </form>
  );
}

export interface FieldProps {
  v: View;
  name: string;
  label: string;
  type?: string;
  value?: string | undefined;
  errors?: FormErrors | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  multiline?: boolean;
  rows?: number;
  inputmode?: 'text' | 'none' | 'email' | 'search' | 'tel' | 'url' | 'numeric' | 'decimal';
  maxlength?: number;
  /** Options for a select: [value, label]. */
  options?: Array<[string, string]>;
}

/** A labelled field with its hint and error tied to it by aria-describedby. */
export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
    required: p.required,
  };
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>
        {p.label}
        {p.required ? null : <span class="optional"> {p.v.t('form.optional')}</span>}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {p.options ? (
        <select {...common}>
          {p.options.map(([value, label]) => (
            <option value={value} selected={value === (p.value ?? '')}>
              {label}
            </option>
          ))}
        </select>
      ) : p.multiline ? (
        <textarea {...common} rows={p.rows ?? 5} maxlength={p.maxlength}>
          {p.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          value={p.type === 'password' ? undefined : (p.value ?? '')}
          autocomplete={p.autocomplete}
          inputmode={p.inputmode}
          maxlength={p.maxlength}
        />
      )}
    </div>
  );
}
