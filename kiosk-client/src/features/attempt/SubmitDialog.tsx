import { useEffect, useRef } from "react";
import { useI18n } from "../../lib/i18n";
import type { Wording } from "../../lib/wording";

/**
 * "Finish the test?" with what is left open: a native modal dialog, so
 * focus stays inside and the page behind is inert.
 */
export function SubmitDialog({
  open,
  wording,
  unanswered,
  flagged,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  /** Questions or statements. */
  wording: Wording;
  unanswered: number;
  flagged: number;
  busy: boolean;
  error: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="submit-title"
      aria-describedby="submit-lead"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h1 id="submit-title">{t("submit.title")}</h1>
      <p id="submit-lead" className="lead">
        {t("submit.lead")}
      </p>
      <dl className="tally">
        <div data-warn={unanswered > 0}>
          <dt>{t(wording.unanswered)}</dt>
          <dd data-testid="unanswered-count">{unanswered}</dd>
        </div>
        <div data-warn={flagged > 0}>
          <dt>{t(wording.flagged)}</dt>
          <dd data-testid="flagged-count">{flagged}</dd>
        </div>
      </dl>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog__actions">
        <button
          type="button"
          className="button button--secondary"
          autoFocus
          disabled={busy}
          onClick={onCancel}
        >
          {t("submit.back")}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={onConfirm}
        >
          {t("submit.confirm")}
        </button>
      </div>
    </dialog>
  );
}
