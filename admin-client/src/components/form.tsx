/**
 * The field kit: every form control with its label, hint and error text,
 * wired for screen readers (`for`/`id`, `aria-describedby`,
 * `aria-invalid`). A problem is shown in the reader's language.
 */
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { useI18n } from "../lib/i18n";
import type { Problem } from "../lib/validate";
import { Icon } from "./Icon";

interface FieldFrame {
  label: string;
  hint?: string | undefined;
  /** A problem to show (worded in the reader's language), or its text. */
  error?: Problem | string | undefined;
  /** Spans the whole row of a form grid. */
  wide?: boolean;
}

/** What a control needs to be named and described by its field. */
interface ControlProps {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
}

/**
 * A labelled form control with its hint and error wired for screen
 * readers; the control itself comes from `children`.
 */
function Field({
  label,
  hint,
  error,
  wide,
  children,
}: FieldFrame & { children: (props: ControlProps) => ReactNode }) {
  const { t, errorText } = useI18n();
  const id = useId();
  const message =
    error === undefined || typeof error === "string"
      ? error || undefined
      : "key" in error
        ? t(error.key, error.values)
        : errorText(error.error);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = message ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`field${wide ? " field--wide" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-describedby": describedBy,
        "aria-invalid": message ? true : undefined,
      })}
      {hint ? (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      ) : null}
      {message ? (
        <span id={errorId} className="field__error">
          <Icon name="warning" size={16} />
          {message}
        </span>
      ) : null}
    </div>
  );
}

type Native<Attributes> = Omit<
  Attributes,
  "id" | "value" | "onChange" | "children"
>;

/** A text-like input (text, number, date, time, password, search…). */
export function TextField({
  label,
  hint,
  error,
  wide,
  value,
  onChange,
  ref,
  ...input
}: FieldFrame &
  Native<InputHTMLAttributes<HTMLInputElement>> & {
    value: string | number;
    onChange: (value: string) => void;
    ref?: Ref<HTMLInputElement>;
  }) {
  return (
    <Field label={label} hint={hint} error={error} wide={wide}>
      {(props) => (
        <input
          {...props}
          {...input}
          ref={ref}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A file picker; `onFile` gets the file chosen (null once cleared). */
export function FileField({
  label,
  hint,
  error,
  wide,
  onFile,
  ...input
}: FieldFrame &
  Native<InputHTMLAttributes<HTMLInputElement>> & {
    onFile: (file: File | null) => void;
  }) {
  return (
    <Field label={label} hint={hint} error={error} wide={wide}>
      {(props) => (
        <input
          {...props}
          {...input}
          type="file"
          onChange={(event) => onFile(event.target.files?.[0] ?? null)}
        />
      )}
    </Field>
  );
}

/** A multi-line text. */
export function TextAreaField({
  label,
  hint,
  error,
  wide,
  value,
  onChange,
  ...textarea
}: FieldFrame &
  Native<TextareaHTMLAttributes<HTMLTextAreaElement>> & {
    value: string;
    onChange: (value: string) => void;
  }) {
  return (
    <Field label={label} hint={hint} error={error} wide={wide}>
      {(props) => (
        <textarea
          {...props}
          {...textarea}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

export interface Option<Value extends string> {
  value: Value;
  label: string;
}

/**
 * A choice among `options`, typed by their values; `empty` adds a first
 * option with the empty value ("all", "automatic", or nothing yet), which
 * `Value` must then allow.
 */
export function SelectField<Value extends string>({
  label,
  hint,
  error,
  wide,
  value,
  onChange,
  options,
  empty,
  ...select
}: FieldFrame &
  Native<SelectHTMLAttributes<HTMLSelectElement>> & {
    value: Value;
    onChange: (value: Value) => void;
    options: readonly Option<Value>[];
    empty?: string;
  }) {
  return (
    <Field label={label} hint={hint} error={error} wide={wide}>
      {(props) => (
        <select
          {...props}
          {...select}
          value={value}
          onChange={(event) => onChange(event.target.value as Value)}
        >
          {empty !== undefined ? <option value="">{empty}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
