import { useId, useState, type FormEvent } from "react";
import { STAFF_ROLES, type StaffRole } from "@shared/enums";
import { Alert, ErrorAlert, Field, Loading } from "../../components/common";
import { Icon } from "../../components/Icon";
import { useI18n } from "../../lib/i18n";
import { useResource } from "../../lib/use-resource";
import { createAccount, listAccounts } from "./api";

/**
 * Staff accounts: who may sign in to the console and in which role. The
 * server hashes the password (scrypt) and audits the creation.
 */
export function AccountsSection() {
  const { t } = useI18n();
  const headingId = useId();
  const accounts = useResource("config:accounts", listAccounts);
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState(false);
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
      {accounts.loading && !accounts.data ? <Loading /> : null}
      {accounts.data ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("config.username")}</th>
                <th scope="col">{t("config.fullName")}</th>
                <th scope="col">{t("config.role")}</th>
                <th scope="col">{t("config.active")}</th>
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
                  <td>{account.active ? "✓" : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
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
            accounts.reload();
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await createAccount({
        username: username.trim(),
        fullName: fullName.trim(),
        role,
        password,
      });
      onCreated();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  const complete =
    /^[a-z0-9._-]{3,40}$/.test(username.trim()) &&
    fullName.trim() !== "" &&
    password.length >= 10;

  return (
    <form onSubmit={submit} noValidate>
      <h3>{t("config.addAccount")}</h3>
      <div className="form-grid">
        <Field label={t("config.username")} hint={t("config.usernameHint")}>
          {(props) => (
            <input
              {...props}
              autoComplete="off"
              maxLength={40}
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          )}
        </Field>
        <Field label={t("config.fullName")}>
          {(props) => (
            <input
              {...props}
              maxLength={200}
              value={fullName}
              onChange={(event) => setFullName(event.target.value)}
            />
          )}
        </Field>
        <Field label={t("config.role")}>
          {(props) => (
            <select
              {...props}
              value={role}
              onChange={(event) => setRole(event.target.value as StaffRole)}
            >
              {STAFF_ROLES.map((option) => (
                <option key={option} value={option}>
                  {t(`role.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("config.password")} hint={t("config.passwordHint")}>
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              maxLength={200}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
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
        {t("config.create")}
      </button>
    </form>
  );
}
