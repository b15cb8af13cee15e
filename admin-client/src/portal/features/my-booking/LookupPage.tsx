import { useState, type FormEvent } from "react";
import { bookingStatusPath, normalizeBookingCode } from "@shared/booking";
import { PageTitle } from "../../../components/common";
import { TextField } from "../../../components/form";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { navigate } from "../../../lib/router";

/** Find a booking by its number and code (`/book/status`). */
export function LookupPage({ initialId = "" }: { initialId?: string }) {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("lookup.title")}</PageTitle>
      <p className="lead">{t("lookup.lead")}</p>
      <LookupForm initialId={initialId} />
    </>
  );
}

export function LookupForm({ initialId = "" }: { initialId?: string }) {
  const { t } = useI18n();
  const [id, setId] = useState(initialId);
  const [code, setCode] = useState("");
  const [errors, setErrors] = useState<{ id?: MessageKey; code?: MessageKey }>(
    {},
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const normalized = normalizeBookingCode(code);
    const found = {
      id: id.trim() ? undefined : ("lookup.error.id" as const),
      code: normalized ? undefined : ("lookup.error.code" as const),
    };
    setErrors(found);
    if (found.id || !normalized) return;
    navigate(bookingStatusPath(id.trim(), normalized));
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <div className="form-grid form-grid--two">
        <TextField
          label={t("lookup.id")}
          hint={t("lookup.idHint")}
          error={errors.id && { key: errors.id }}
          name="bookingId"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          value={id}
          onChange={setId}
        />
        <TextField
          label={t("lookup.code")}
          hint={t("lookup.codeHint")}
          error={errors.code && { key: errors.code }}
          name="bookingCode"
          className="mono"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={setCode}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {t("lookup.submit")}
        </button>
      </div>
    </form>
  );
}
