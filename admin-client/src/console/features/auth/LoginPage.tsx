import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { BrandMark } from "../../../components/Icon";
import {
  ErrorAlert,
  LanguageSwitcher,
  PageTitle,
} from "../../../components/common";
import { TextField } from "../../../components/form";
import { useI18n } from "../../../lib/i18n";
import { useSession } from "./session";

/** Staff sign-in for the console. */
export function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: () => session.logIn(username.trim(), password),
    onError: () => setPassword(""),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    signIn.mutate();
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
          <ErrorAlert error={signIn.error} />
          <form onSubmit={submit} noValidate>
            <div className="form-grid">
              <TextField
                label={t("login.username")}
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={setUsername}
              />
              <TextField
                label={t("login.password")}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={setPassword}
              />
            </div>
            <div className="form-actions">
              <button
                type="submit"
                className="button"
                disabled={signIn.isPending || !username || !password}
              >
                {signIn.isPending ? (
                  <span className="spinner" aria-hidden="true" />
                ) : null}
                {t("login.submit")}
              </button>
            </div>
          </form>
        </div>
      </main>
    </>
  );
}
