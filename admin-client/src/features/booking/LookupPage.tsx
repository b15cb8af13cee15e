import { useState, type FormEvent } from "react";
import { normalizeBookingCode } from "@shared/booking";
import { Field, PageTitle } from "../../components/common";
import { useI18n, type MessageKey } from "../../lib/i18n";
import { navigate } from "../../lib/router";
import { statusPath } from "./api";

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
    navigate(statusPath(id.trim(), normalized));
  }

  return (
    <form className="card" onSubmit={submit} noValidate>
      <div className="form-grid form-grid--two">
        <Field
          label={t("lookup.id")}
          hint={t("lookup.idHint")}
          error={errors.id && t(errors.id)}
        >
          {(props) => (
            <input
              {...props}
              name="bookingId"
              className="mono"
              autoComplete="off"
              spellCheck={false}
              value={id}
              onChange={(event) => setId(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("lookup.code")}
          hint={t("lookup.codeHint")}
          error={errors.code && t(errors.code)}
        >
          {(props) => (
            <input
              {...props}
              name="bookingCode"
              className="mono"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={code}
              onChange={(event) => setCode(event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button">
          {t("lookup.submit")}
        </button>
      </div>
    </form>
  );
}
