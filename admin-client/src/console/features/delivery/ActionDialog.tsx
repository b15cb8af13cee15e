import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { ErrorAlert } from "../../../components/common";
import { SelectField, TextField } from "../../../components/form";
import { useI18n, type MessageKey } from "../../../lib/i18n";

/** The inputs an action asks for before it is confirmed. */
export interface ActionFields {
  reason?: boolean | "optional";
  minutes?: boolean;
  iin?: boolean;
  seats?: { value: string; label: string }[];
}

export interface ActionValues {
  reason: string;
  minutes: number;
  iin: string;
  seatId: string;
}

const EMPTY: ActionValues = { reason: "", minutes: 5, iin: "", seatId: "" };

/**
 * Every exam-day action is confirmed in this modal <dialog>: it names the
 * action and the person, asks for what the server needs (a reason, minutes,
 * a seat, the IIN scanned again), and shows the server's refusal in words.
 * Enter submits, Esc cancels; the server checks and audits it all again.
 */
export function ActionDialog({
  title,
  lead,
  confirmLabel,
  danger,
  fields = {},
  reasonLabel,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  lead?: string;
  confirmLabel: string;
  danger?: boolean;
  fields?: ActionFields;
  reasonLabel?: string;
  /** Runs the action; a thrown error is shown, success closes the dialog. */
  onConfirm: (values: ActionValues) => Promise<unknown>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [values, setValues] = useState<ActionValues>(EMPTY);
  const [invalid, setInvalid] = useState<
    Partial<Record<keyof ActionValues, MessageKey>>
  >({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function validate(): boolean {
    const problems: Partial<Record<keyof ActionValues, MessageKey>> = {};
    if (fields.reason === true && values.reason.trim().length < 3) {
      problems.reason = "common.error.reason";
    }
    if (
      fields.minutes &&
      !(
        Number.isFinite(values.minutes) &&
        values.minutes > 0 &&
        values.minutes <= 125
      )
    ) {
      problems.minutes = "action.error.minutes";
    }
    if (fields.iin && !/^\d{12}$/.test(values.iin.trim())) {
      problems.iin = "action.error.iin";
    }
    if (fields.seats && !values.seatId) problems.seatId = "action.error.seat";
    setInvalid(problems);
    return Object.keys(problems).length === 0;
  }

  async function submit() {
    if (busy || !validate()) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm({
        ...values,
        reason: values.reason.trim(),
        iin: values.iin.trim(),
      });
      onClose();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const set = <K extends keyof ActionValues>(key: K, value: ActionValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const problem = (field: keyof ActionValues) => {
    const key = invalid[field];
    return key ? { key } : undefined;
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      className="action-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        {lead ? <p>{lead}</p> : null}
        {children}
        <div className="form-grid form-grid--one">
          {fields.seats ? (
            <SelectField
              label={t("action.targetSeat")}
              error={problem("seatId")}
              value={values.seatId}
              onChange={(seatId) => set("seatId", seatId)}
              empty="—"
              options={fields.seats}
            />
          ) : null}
          {fields.iin ? (
            <TextField
              label={t("action.iinAgain")}
              error={problem("iin")}
              className="mono"
              inputMode="numeric"
              autoComplete="off"
              maxLength={12}
              value={values.iin}
              onChange={(iin) => set("iin", iin)}
            />
          ) : null}
          {fields.minutes ? (
            <TextField
              label={t("action.minutes")}
              error={problem("minutes")}
              type="number"
              min={1}
              max={125}
              step={1}
              value={Number.isFinite(values.minutes) ? values.minutes : ""}
              onChange={(minutes) =>
                set("minutes", minutes === "" ? Number.NaN : Number(minutes))
              }
            />
          ) : null}
          {fields.reason ? (
            <TextField
              label={reasonLabel ?? t("common.reason")}
              hint={fields.reason === true ? t("common.reasonHint") : undefined}
              error={problem("reason")}
              autoComplete="off"
              maxLength={500}
              value={values.reason}
              onChange={(reason) => set("reason", reason)}
            />
          ) : null}
        </div>
        <ErrorAlert error={error} />
        <div className="form-actions">
          <button
            type="submit"
            className={`button${danger ? " button--danger" : ""}`}
            disabled={busy}
          >
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {confirmLabel}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={onClose}
          >
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
