import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Alert, ErrorAlert, PageTitle } from "../../../components/common";
import { TextField } from "../../../components/form";
import { useI18n } from "../../../lib/i18n";
import { changePassword } from "./api";
import { useSession } from "./session";

const MIN_LENGTH = 12;

/**
 * One's own password (POST /auth/password). After a manager's reset the
 * console shows only this form (`forced`) until the password is changed.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [repeated, setRepeated] = useState("");
  const change = useMutation({
    mutationFn: changePassword,
    onSuccess: async () => {
      setCurrentPassword("");
      setNewPassword("");
      setRepeated("");
      // The session now answers mustChangePassword: false.
      if (forced) await session.reload();
    },
  });

  const mismatch = repeated !== "" && repeated !== newPassword;
  const complete =
    currentPassword !== "" &&
    newPassword.length >= MIN_LENGTH &&
    newPassword === repeated;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (complete) change.mutate({ currentPassword, newPassword });
  }

  const password = {
    type: "password",
    autoComplete: "new-password",
    maxLength: 200,
  } as const;
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
      {change.isSuccess ? (
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
          <TextField
            label={t("account.current")}
            {...password}
            autoComplete="current-password"
            value={currentPassword}
            onChange={setCurrentPassword}
          />
          <TextField
            label={t("account.new")}
            hint={t("account.policy")}
            {...password}
            value={newPassword}
            onChange={setNewPassword}
          />
          <TextField
            label={t("account.repeat")}
            error={mismatch ? { key: "account.mismatch" } : undefined}
            {...password}
            value={repeated}
            onChange={setRepeated}
          />
        </div>
        <ErrorAlert error={change.error} />
        <button
          type="submit"
          className="button button--primary"
          disabled={change.isPending || !complete}
        >
          {t("account.submit")}
        </button>
      </form>
    </>
  );
}
