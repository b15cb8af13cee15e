import { useState, type FormEvent } from "react";
import { BrandMark } from "../../components/Icon";
import {
  ErrorAlert,
  Field,
  LanguageSwitcher,
  PageTitle,
} from "../../components/common";
import { useI18n } from "../../lib/i18n";
import { useSession } from "./session";

/** Staff sign-in for the console. */
export function LoginPage() {
  const { t } = useI18n();
  const { logIn } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await logIn(username.trim(), password);
    } catch (caught) {
      setError(caught);
      setPassword("");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <header className="site-header">
        <div className="site-header__inner">
          <span className="brand">
            <BrandMark />
            <span>
              <span className="brand__name">Synaq</span>
              <span className="brand__tagline">{t("console.tagline")}</span>
            </span>
          </span>
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" className="login">
        <div className="card">
          <PageTitle>{t("login.title")}</PageTitle>
          <p className="muted">{t("login.lead")}</p>
          <ErrorAlert error={error} />
          <form onSubmit={submit} noValidate>
            <div className="form-grid">
              <Field label={t("login.username")}>
                {(props) => (
                  <input
                    {...props}
                    name="username"
                    autoComplete="username"
                    autoCapitalize="none"
                    spellCheck={false}
                    required
                    value={username}
                    onChange={(event) => setUsername(event.target.value)}
                  />
                )}
              </Field>
              <Field label={t("login.password")}>
                {(props) => (
                  <input
                    {...props}
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    required
                    value={password}
                    onChange={(event) => setPassword(event.target.value)}
                  />
                )}
              </Field>
            </div>
            <div className="form-actions">
              <button
                type="submit"
                className="button"
                disabled={busy || !username || !password}
              >
                {busy ? <span className="spinner" aria-hidden="true" /> : null}
                {t("login.submit")}
              </button>
            </div>
          </form>
        </div>
      </main>
    </>
  );
}
