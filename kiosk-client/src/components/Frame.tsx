import type { ReactNode } from "react";
import { useI18n } from "../lib/i18n";
import { DisplaySettings } from "./DisplaySettings";
import { LanguageSwitcher } from "./LanguageSwitcher";

/** The kiosk's full-screen frame: brand and language on top, calm body. */
export function Frame({
  children,
  status,
  center,
  wide = false,
}: {
  children: ReactNode;
  status?: ReactNode;
  /** Shown in the middle of the top bar (the test's timer). */
  center?: ReactNode;
  /** The body fills the width (the test) instead of centring a panel. */
  wide?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className="frame">
      <header className="frame__top">
        <div className="brand">
          <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" fill="#0b4f6c" />
            <path
              d="M9 16.5l4.5 4.5L23 11.5"
              fill="none"
              stroke="#f2c14e"
              strokeWidth="3.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span>
            <span className="brand__name">Synaq</span>
            <span className="brand__tagline">{t("app.tagline")}</span>
          </span>
        </div>
        {center ? <div className="frame__center">{center}</div> : null}
        <div className="frame__tools">
          <DisplaySettings />
          <LanguageSwitcher />
        </div>
      </header>
      <main className={wide ? "frame__body frame__body--wide" : "frame__body"}>
        {children}
      </main>
      {status ? <footer className="frame__bottom">{status}</footer> : null}
    </div>
  );
}
