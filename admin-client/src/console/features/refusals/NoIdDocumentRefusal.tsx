import { useState } from "react";
import { useI18n } from "../../../lib/i18n";
import { RefusalSlipButton } from "./RefusalSlipButton";

/**
 * "Refuse: no identity document": the one refusal no route can see. Opens
 * a small panel that records it with the IIN the person gave (the desk's
 * field, maybe empty) and the name they state, and prints the slip.
 */
export function NoIdDocumentRefusal({
  slotId,
  iin,
}: {
  slotId: string;
  iin: string;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        className="button button--secondary button--small"
        onClick={() => setOpen(true)}
        data-testid="refuse-no-id"
      >
        {t("refusals.noIdDocument")}
      </button>
    );
  }
  return (
    <section className="card" aria-label={t("refusals.noIdDocument")}>
      <p className="alert__title">{t("refusals.noIdDocument")}</p>
      <p className="muted">{t("refusals.noIdDocumentLead")}</p>
      <p className="mono">{iin.replace(/\s+/g, "") || "—"}</p>
      <RefusalSlipButton
        kind="admission"
        reason="no_id_document"
        slotId={slotId}
        iin={iin.replace(/\s+/g, "")}
        askName
      />
      <button
        type="button"
        className="button button--small"
        onClick={() => setOpen(false)}
      >
        {t("common.close")}
      </button>
    </section>
  );
}
