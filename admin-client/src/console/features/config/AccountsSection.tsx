import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { StaffAccount } from "@shared/accounts";
import { STAFF_ROLES, type StaffRole } from "@shared/enums";
import {
  Alert,
  ConfirmDialog,
  ErrorAlert,
  Loading,
} from "../../../components/common";
import { SelectField, TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { useAccount } from "../auth/session";
import {
  accountQueries,
  createAccount,
  deactivateAccount,
  reactivateAccount,
  resetAccountPassword,
} from "./api";

type PendingAction = { kind: "reset" | "deactivate"; account: StaffAccount };
type Outcome =
  | { kind: "temporary"; username: string; password: string }
  | { kind: "deactivated" | "reactivated"; username: string };

/**
 * Staff accounts: who may sign in to the console and in which role. The
 * server hashes the password (scrypt) and audits the creation.
 */
export function AccountsSection() {
  const { t } = useI18n();
  const headingId = useId();
  const accounts = useQuery(accountQueries.list());
  const me = useAccount();
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState(false);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const action = useMutation({
    mutationFn: (run: () => Promise<Outcome>) => run(),
    meta: { invalidates: [accountQueries.list().queryKey] },
    onSettled: () => setPending(null),
  });
  const busy = action.isPending;
  const outcome = action.data;

  const confirmPending = () => {
    if (!pending) return;
    const { account } = pending;
    action.mutate(async () => {
      if (pending.kind === "reset") {
        const { temporaryPassword } = await resetAccountPassword(account.id);
        return {
          kind: "temporary",
          username: account.username,
          password: temporaryPassword,
        };
      }
      await deactivateAccount(account.id);
      return { kind: "deactivated", username: account.username };
    });
  };
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card__header">
        <h2 id={headingId}>{t("config.accounts")}</h2>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          <Icon name="plus" size={16} />
          {t("config.addAccount")}
        </button>
      </div>
      <p className="muted">{t("config.accountsLead")}</p>
      <ErrorAlert error={accounts.error} />
      {accounts.isLoading ? <Loading /> : null}
      {accounts.data ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("config.username")}</th>
                <th scope="col">{t("config.fullName")}</th>
                <th scope="col">{t("config.role")}</th>
                <th scope="col">{t("config.active")}</th>
                <th scope="col">{t("config.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((account) => (
                <tr key={account.id} data-account={account.username}>
                  <th scope="row" className="mono">
                    {account.username}
                  </th>
                  <td>{account.fullName}</td>
                  <td>{t(`role.${account.role}`)}</td>
                  <td>
                    {account.active ? "✓" : "—"}
                    {account.demo ? ` (${t("config.demo")})` : ""}
                  </td>
                  <td>
                    <div className="form-actions">
                      <button
                        type="button"
                        className="button button--secondary button--small"
                        disabled={busy}
                        onClick={() => setPending({ kind: "reset", account })}
                      >
                        {t("config.resetPassword")}
                      </button>
                      {account.active ? (
                        account.id === me.id ? null : (
                          <button
                            type="button"
                            className="button button--danger button--small"
                            disabled={busy}
                            onClick={() =>
                              setPending({ kind: "deactivate", account })
                            }
                          >
                            {t("config.deactivate")}
                          </button>
                        )
                      ) : (
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          disabled={busy}
                          onClick={() =>
                            action.mutate(async () => {
                              await reactivateAccount(account.id);
                              return {
                                kind: "reactivated",
                                username: account.username,
                              };
                            })
                          }
                        >
                          {t("config.reactivate")}
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorAlert error={action.error} />
      {outcome?.kind === "temporary" ? (
        <Alert kind="warning">
          <p>{t("config.temporaryPassword", { username: outcome.username })}</p>
          <p className="mono" data-temporary-password>
            <strong>{outcome.password}</strong>
          </p>
        </Alert>
      ) : outcome ? (
        <Alert kind="success">
          <p>
            {t(
              outcome.kind === "deactivated"
                ? "config.deactivated"
                : "config.reactivated",
              { username: outcome.username },
            )}
          </p>
        </Alert>
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={t(
          pending?.kind === "deactivate"
            ? "config.deactivateConfirmTitle"
            : "config.resetConfirmTitle",
          { username: pending?.account.username ?? "" },
        )}
        confirmLabel={t(
          pending?.kind === "deactivate"
            ? "config.deactivate"
            : "config.resetPassword",
        )}
        cancelLabel={t("common.cancel")}
        danger
        busy={busy}
        onConfirm={confirmPending}
        onCancel={() => setPending(null)}
      >
        <p>
          {t(
            pending?.kind === "deactivate"
              ? "config.deactivateConfirmText"
              : "config.resetConfirmText",
          )}
        </p>
      </ConfirmDialog>
      {created ? (
        <Alert kind="success">
          <p>{t("config.accountCreated")}</p>
        </Alert>
      ) : null}
      {open ? (
        <AddAccountForm
          onCreated={() => {
            setOpen(false);
            setCreated(true);
          }}
        />
      ) : null}
    </section>
  );
}

function AddAccountForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const [username, setUsername] = useState("");
  const [fullName, setFullName] = useState("");
  const [role, setRole] = useState<StaffRole>("administrator");
  const [password, setPassword] = useState("");
  const create = useMutation({
    mutationFn: createAccount,
    meta: { invalidates: [accountQueries.list().queryKey] },
    onSuccess: onCreated,
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({
      username: username.trim(),
      fullName: fullName.trim(),
      role,
      password,
    });
  }

  const complete =
    /^[a-z0-9._-]{3,40}$/.test(username.trim()) &&
    fullName.trim() !== "" &&
    password.length >= 12;

  return (
    <form onSubmit={submit} noValidate>
      <h3>{t("config.addAccount")}</h3>
      <div className="form-grid">
        <TextField
          label={t("config.username")}
          hint={t("config.usernameHint")}
          autoComplete="off"
          maxLength={40}
          value={username}
          onChange={setUsername}
        />
        <TextField
          label={t("config.fullName")}
          maxLength={200}
          value={fullName}
          onChange={setFullName}
        />
        <SelectField
          label={t("config.role")}
          value={role}
          onChange={setRole}
          options={STAFF_ROLES.map((option) => ({
            value: option,
            label: t(`role.${option}`),
          }))}
        />
        <TextField
          label={t("config.password")}
          hint={t("config.passwordHint")}
          type="password"
          autoComplete="new-password"
          maxLength={200}
          value={password}
          onChange={setPassword}
        />
      </div>
      <ErrorAlert error={create.error} />
      <button
        type="submit"
        className="button button--primary"
        disabled={create.isPending || !complete}
      >
        {t("config.create")}
      </button>
    </form>
  );
}
