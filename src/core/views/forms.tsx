import type { Child } from 'hono/jsx';
import { CSRF_FIELD } from '../http/csrf.ts';
import type { FormErrors } from '../http/forms.ts';
import type { View } from './view.ts';

/**
 * The label of every field inside a form's JSX (any component or element with a string `name`
 * and a `label` or `legend` prop), so the error summary can say which field is wrong without
 * each form repeating its labels.
 */
function fieldLabels(children: unknown): Map<string, string> {
  const labels = new Map<string, string>();
  const seen = new Set<object>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(walk);
    if (!x || typeof x !== 'object' || seen.has(x) || !('tag' in x)) return;
    seen.add(x);
    const node = x as { props?: Record<string, unknown>; children?: unknown };
    const p = node.props ?? {};
    const label = typeof p.label === 'string' ? p.label : typeof p.legend === 'string' ? p.legend : undefined;
    if (typeof p.name === 'string' && label && !labels.has(p.name)) labels.set(p.name, label);
    walk(node.children);
    walk(p.children);
  };
  walk(children);
  return labels;
}

/**
 * A POST form with the CSRF token and, when there are errors, a summary that names each field
 * and links to it ("Naziv: najmanje 3 znaka"), focused when the page loads so a screen reader
 * and a keyboard user start there after a failed submit; `multipart` for forms that carry a file.
 */
export function Form(props: {
  v: View;
  action: string;
  errors?: FormErrors | undefined;
  children?: Child;
  class?: string;
  novalidate?: boolean;
  multipart?: boolean;
}) {
  const { v, errors } = props;
  const keys = errors ? Object.keys(errors) : [];
  const labels = keys.length > 0 ? fieldLabels(props.children) : new Map<string, string>();
  const named = (k: string) => (labels.has(k) ? `${labels.get(k)!.replace(/[:.]\s*$/, '')}: ${errors?.[k] ?? ''}` : errors?.[k]);
  return (
    <form
      method="post"
      action={props.action}
      class={props.class}
      novalidate={props.novalidate}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
    >
      <input type="hidden" name={CSRF_FIELD} value={v.csrf()} />
      {keys.length > 0 ? (
        <div class="error-summary" role="alert" tabindex={-1} id="errors" autofocus>
          <p>{v.t('form.errors')}</p>
          <ul>
            {keys.map((k) => (
              <li>{k === '_form' ? errors?.[k] : <a href={`#f-${k}`}>{named(k)}</a>}</li>
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
  /** A number input's step, min and max ('0.25', '0', '24'). */
  step?: string;
  min?: string;
  max?: string;
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
          step={p.step}
          min={p.min}
          max={p.max}
        />
      )}
    </div>
  );
}

/**
 * One checkbox with its label, hint and error (value 'on' unless given). The error comes from
 * `errors[name]`, or `error` where several boxes share a name and each has its own message.
 */
export function Check(p: {
  v: View;
  name: string;
  label: string;
  checked: boolean;
  value?: string;
  id?: string;
  errors?: FormErrors | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}) {
  const id = p.id ?? `f-${p.name}`;
  const error = p.error ?? p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field check has-error' : 'field check'}>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={id}
        name={p.name}
        value={p.value ?? 'on'}
        checked={p.checked}
        required={p.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
      <label for={id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
    </div>
  );
}

/** 'on' for a checked box as the form sent it, so a re-rendered form keeps what was typed. */
export const isOn = (v: string | undefined) => v === 'on' || v === 'true' || v === '1';

export interface ChoiceGroupProps {
  v: View;
  name: string;
  legend: string;
  /** [value, label] */
  options: ReadonlyArray<readonly [string, string]>;
  /** What is chosen: codes joined by ',' (as readForm gives a checkbox group) or a list; for radios one value. */
  value: string | readonly string[] | undefined;
  errors?: FormErrors | undefined;
  hint?: string;
  required?: boolean;
}

/**
 * Checkboxes or radio buttons in a fieldset with its legend. The first input carries id
 * f-<name>, so the error summary's link lands on the group; hint and error describe the group.
 */
function ChoiceGroup(p: ChoiceGroupProps & { type: 'checkbox' | 'radio' }) {
  const error = p.errors?.[p.name];
  const chosen = new Set(typeof p.value === 'string' ? p.value.split(',').map((s) => s.trim()) : (p.value ?? []));
  if (p.type === 'radio' && typeof p.value === 'string') chosen.add(p.value);
  const hintId = p.hint ? `f-${p.name}-hint` : '';
  const errorId = error ? `f-${p.name}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={error ? 'choices has-error' : 'choices'} aria-describedby={describedBy}>
      <legend>
        {p.legend}
        {p.required ? null : <span class="optional"> {p.v.t('form.optional')}</span>}
      </legend>
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={errorId}>
          {error}
        </p>
      ) : null}
      {p.options.map(([value, label], i) => {
        const id = i === 0 ? `f-${p.name}` : `f-${p.name}-${value || i}`;
        return (
          <div class="field check">
            <input
              type={p.type}
              id={id}
              name={p.name}
              value={value}
              checked={chosen.has(value)}
              required={p.type === 'radio' && p.required ? true : undefined}
              aria-invalid={error ? 'true' : undefined}
            />
            <label for={id}>{label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

export const CheckGroup = (p: ChoiceGroupProps) => <ChoiceGroup {...p} type="checkbox" />;
export const RadioGroup = (p: ChoiceGroupProps) => <ChoiceGroup {...p} type="radio" />;

/**
 * A destructive action that asks first, without JavaScript: the action's button is the summary
 * of a <details>; opening it shows what will happen and the real submit ("Yes, cancel…"). One
 * component for every cancel, revoke, withdraw and remove, so none can forget to ask.
 */
export function ConfirmForm(p: {
  v: View;
  action: string;
  /** The action as a button label ("Cancel registration"). */
  label: string;
  /** What will happen, and how to undo it where that is possible. */
  question: string;
  /** Hidden fields the action needs. */
  fields?: Record<string, string>;
  /** A fuller name of the action for screen readers when several rows repeat the label. */
  ariaLabel?: string | undefined;
}) {
  const { v } = p;
  const lower = (text: string) => text.charAt(0).toLocaleLowerCase(v.locale === 'en' ? 'en' : 'sr') + text.slice(1);
  const sentence = lower(p.label);
  return (
    <details class="confirm">
      <summary aria-label={p.ariaLabel}>{p.label}</summary>
      <div class="confirm-body">
        <p>{p.question}</p>
        <Form v={v} action={p.action} class="inline">
          {Object.entries(p.fields ?? {}).map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <button type="submit" class="danger" aria-label={p.ariaLabel ? v.t('confirm.yes', { action: lower(p.ariaLabel) }) : undefined}>
            {v.t('confirm.yes', { action: sentence })}
          </button>
        </Form>
      </div>
    </details>
  );
}
