import { useState, type FormEvent } from "react";
import { Alert, ErrorAlert, Field, PageTitle } from "../../components/common";
import { api } from "../../lib/api";
import { useI18n } from "../../lib/i18n";
import { useSession } from "./session";

const MIN_LENGTH = 12;

/**
 * One's own password (POST /auth/password). After a manager's reset the
 * console shows only this form (`forced`) until the password is changed.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { retry } = useSession();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [changed, setChanged] = useState(false);

  const mismatch = repeated !== "" && repeated !== newPassword;
  const complete =
    currentPassword !== "" &&
    newPassword.length >= MIN_LENGTH &&
    newPassword === repeated;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!complete) return;
    setBusy(true);
    setError(null);
    try {
      await api.post("/auth/password", { currentPassword, newPassword });
      setCurrentPassword("");
      setNewPassword("");
      setRepeated("");
      setChanged(true);
      // The session now answers mustChangePassword: false.
      if (forced) retry();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle>
        {forced ? t("account.forcedTitle") : t("account.title")}
      </PageTitle>
      {forced ? (
        <Alert kind="warning">
          <p>{t("account.forcedLead")}</p>
        </Alert>
      ) : (
        <p className="muted">{t("account.lead")}</p>
      )}
      {changed ? (
        <Alert kind="success">
          <p>{t("account.changed")}</p>
        </Alert>
      ) : null}
      <form
        className="card"
        onSubmit={submit}
        noValidate
        data-form="change-password"
      >
        <div className="form-grid">
          <Field label={t("account.current")}>
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="current-password"
                maxLength={200}
                value={currentPassword}
                onChange={(event) => setCurrentPassword(event.target.value)}
              />
            )}
          </Field>
          <Field label={t("account.new")} hint={t("account.policy")}>
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                maxLength={200}
                value={newPassword}
                onChange={(event) => setNewPassword(event.target.value)}
              />
            )}
          </Field>
          <Field
            label={t("account.repeat")}
            error={mismatch ? t("account.mismatch") : undefined}
          >
            {(props) => (
              <input
                {...props}
                type="password"
                autoComplete="new-password"
                maxLength={200}
                value={repeated}
                onChange={(event) => setRepeated(event.target.value)}
              />
            )}
          </Field>
        </div>
        <ErrorAlert error={error} />
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !complete}
        >
          {t("account.submit")}
        </button>
      </form>
    </>
  );
}
