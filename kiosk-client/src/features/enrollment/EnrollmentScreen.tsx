import { useId, useState, type FormEvent } from "react";
import { Frame } from "../../components/Frame";
import type { Kiosk } from "@shared/kiosks";
import { enroll, saveDeviceToken } from "../../lib/api";
import { useI18n } from "../../lib/i18n";

/** Letters and digits only, grouped 4-4 as the operator reads them out. */
function formatCode(input: string): string {
  const clean = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .slice(0, 8);
  return clean.length > 4 ? `${clean.slice(0, 4)}-${clean.slice(4)}` : clean;
}

/**
 * First start of a kiosk: the operator's one-time code binds this device
 * to a seat; the device token is kept in localStorage.
 */
export function EnrollmentScreen({
  notice,
  onEnrolled,
}: {
  /** Why we are here again (a revoked kiosk), if we are. */
  notice?: string;
  onEnrolled: (token: string, kiosk: Kiosk) => void;
}) {
  const { t, errorText } = useI18n();
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // The submit is a user gesture, the one moment a page may go full screen.
    document.documentElement.requestFullscreen?.().catch(() => undefined);
    try {
      const { token, kiosk } = await enroll(code);
      saveDeviceToken(token);
      onEnrolled(token, kiosk);
    } catch (caught) {
      setError(errorText(caught));
      setBusy(false);
    }
  }

  return (
    <Frame>
      <section className="panel" aria-labelledby={`${inputId}-title`}>
        <h1 id={`${inputId}-title`}>{t("enroll.title")}</h1>
        <p className="lead">{t("enroll.lead")}</p>
        {notice && !error ? (
          <p className="notice notice--warning" role="status">
            {notice}
          </p>
        ) : null}
        <form onSubmit={submit} noValidate>
          <label htmlFor={inputId} className="label">
            {t("enroll.code")}
          </label>
          <input
            id={inputId}
            className="code-input"
            value={code}
            onChange={(event) => setCode(formatCode(event.target.value))}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            inputMode="text"
            placeholder="ABCD-2345"
            aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ""}`}
            aria-invalid={error ? true : undefined}
            autoFocus
          />
          <p id={`${inputId}-hint`} className="hint">
            {t("enroll.codeHint")}
          </p>
          {error ? (
            <p
              id={`${inputId}-error`}
              className="notice notice--error"
              role="alert"
            >
              {error}
            </p>
          ) : null}
          <button
            type="submit"
            className="button"
            disabled={busy || code.replace("-", "").length < 8}
          >
            {t("enroll.submit")}
          </button>
        </form>
      </section>
    </Frame>
  );
}
