import type { FormErrors } from '../../../core/http/forms.ts';
import type { View } from '../../../core/views/view.ts';

/**
 * Form controls the core's Field does not cover: a group of checkboxes or radio buttons in a
 * fieldset with its legend, and a single checkbox. The first input carries id f-<name>, so
 * the error summary's link lands on the group; the error is tied to every input by
 * aria-describedby. Used by the association and partner forms.
 */
interface GroupProps {
  v: View;
  name: string;
  legend: string;
  /** [value, label] */
  options: ReadonlyArray<readonly [string, string]>;
  /** Checked values: for checkboxes the codes joined by ',', for radios one value. */
  value: string | undefined;
  errors?: FormErrors | undefined;
  hint?: string;
  required?: boolean;
}

function Group(p: GroupProps & { type: 'checkbox' | 'radio' }) {
  const error = p.errors?.[p.name];
  const checked = new Set((p.value ?? '').split(',').map((s) => s.trim()));
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
        const id = i === 0 ? `f-${p.name}` : `f-${p.name}-${value}`;
        return (
          <div class="field check">
            <input
              type={p.type}
              id={id}
              name={p.name}
              value={value}
              checked={checked.has(value)}
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

export const CheckGroup = (p: GroupProps) => <Group {...p} type="checkbox" />;
export const RadioGroup = (p: GroupProps) => <Group {...p} type="radio" />;

/** One checkbox with its label (value 'on' when checked, absent otherwise). */
export function CheckBox(p: { v: View; name: string; label: string; checked: boolean; errors?: FormErrors | undefined; hint?: string }) {
  const id = `f-${p.name}`;
  const error = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field check has-error' : 'field check'}>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input type="checkbox" id={id} name={p.name} checked={p.checked} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />
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
