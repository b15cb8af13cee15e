import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import {
  refusalReasonFor,
  type RefusalIssued,
  type RefusalKind,
  type RefusalReason,
  type RefusalRequest,
} from "@shared/refusals";
import { LIMITS } from "@shared/limits";
import { newRequestId } from "@shared/requests";
import { Alert } from "../../../components/common";
import { TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { ApiError } from "../../../lib/api";
import { useI18n } from "../../../lib/i18n";
import { downloadSlip, issueRefusal } from "./api";

/**
 * "Print refusal slip": records the refusal (once, whatever the clicks)
 * and downloads its PDF, in Kazakh and Russian, for the person to take
 * away; then shows its number and a link to print it again. Asks for the
 * name as stated when the desk does not know it.
 */
export function RefusalSlipButton({
  kind,
  reason,
  slotId,
  iin,
  fullName,
  askName = false,
  label,
}: {
  kind: RefusalKind;
  reason: RefusalReason;
  slotId: string;
  /** As typed or scanned. */
  iin: string;
  /** Known already (a desk booking's form); else asked when `askName`. */
  fullName?: string;
  askName?: boolean;
  label?: string;
}) {
  const { t, errorText } = useI18n();
  const [statedName, setStatedName] = useState("");
  const name = (fullName ?? statedName).trim().replace(/\s+/g, " ");
  // One request id per refusal (person, reason, name): clicks repeat it.
  const requestIds = useRef(new Map<string, string>());
  const requestIdFor = (refusal: string) => {
    let id = requestIds.current.get(refusal);
    if (!id) {
      id = newRequestId();
      requestIds.current.set(refusal, id);
    }
    return id;
  };
  const [issued, setIssued] = useState<RefusalIssued | null>(null);
  const print = useMutation({
    mutationFn: async () => {
      const body = {
        kind,
        reason,
        slotId,
        iin,
        ...(name ? { fullName: name } : {}),
      } as RefusalRequest;
      const slip = await issueRefusal(body, requestIdFor(JSON.stringify(body)));
      setIssued(slip);
      await downloadSlip(slip);
      return slip;
    },
  });
  const shown = issued;

  return (
    <div
      className="refusal-slip"
      data-testid="refusal-slip"
      style={{ marginTop: "0.75rem" }}
    >
      <p className="muted">{t("refusals.lead")}</p>
      {askName && fullName === undefined && !shown ? (
        <TextField
          label={t("refusals.fullName")}
          hint={t("refusals.fullNameHint")}
          autoComplete="off"
          maxLength={LIMITS.fullNameMaxLength}
          value={statedName}
          onChange={setStatedName}
        />
      ) : null}
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary"
          disabled={print.isPending}
          onClick={() => print.mutate()}
          data-testid="refusal-slip-print"
        >
          {print.isPending ? (
            <span className="spinner" aria-hidden="true" />
          ) : (
            <Icon name="print" size={16} />
          )}
          {label ?? t("refusals.print")}
        </button>
        {shown ? (
          <a
            className="button button--secondary button--small"
            href={shown.slipUrl}
            target="_blank"
            rel="noopener"
          >
            <Icon name="download" size={14} />
            {t("refusals.open")}
          </a>
        ) : null}
      </div>
      {shown ? (
        <p role="status" data-testid="refusal-slip-number">
          {t("refusals.issued", { number: shown.number })}
        </p>
      ) : null}
      {print.error ? (
        <Alert kind="error">{errorText(print.error)}</Alert>
      ) : null}
    </div>
  );
}

/**
 * The slip for an admission the desk was just refused, when the refusal
 * is one of the person (not a taken seat or a lost connection).
 */
export function AdmissionRefusalSlip({
  slotId,
  iin,
  error,
}: {
  slotId: string;
  iin: string;
  error: unknown;
}) {
  const reason =
    error instanceof ApiError ? refusalReasonFor("admission", error.id) : null;
  if (!reason) return null;
  return (
    <RefusalSlipButton
      // A new refusal (another person or reason) starts afresh.
      key={`${iin} ${reason}`}
      kind="admission"
      reason={reason}
      slotId={slotId}
      iin={iin}
      askName
    />
  );
}

/** The slip for a desk booking the server refused (by its error id). */
export function BookingRefusalSlip({
  errorId,
  request,
}: {
  errorId: string;
  request: { slotId: string; iin: string; fullName: string };
}) {
  const reason = refusalReasonFor("booking", errorId);
  if (!reason) return null;
  return (
    <RefusalSlipButton
      key={`${request.iin} ${reason}`}
      kind="booking"
      reason={reason}
      slotId={request.slotId}
      iin={request.iin}
      fullName={request.fullName}
    />
  );
}
