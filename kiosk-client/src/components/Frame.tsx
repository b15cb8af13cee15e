import type { ReactNode } from "react";
import { useI18n } from "../lib/i18n";
import { DisplaySettings } from "./DisplaySettings";
import { LanguageSwitcher } from "./LanguageSwitcher";

/** The kiosk's full-screen frame: brand and language on top, calm body. */
export function Frame({
  children,
  status,
  center,
  identity,
  notice,
  wide = false,
  fitted = false,
}: {
  children: ReactNode;
  status?: ReactNode;
  /** Shown in the middle of the top bar (the test's timer). */
  center?: ReactNode;
  /** Who sits where (the test's seat and candidate), instead of the brand's words. */
  identity?: ReactNode;
  /** A line under the top bar (the test's time notices). */
  notice?: ReactNode;
  /** The body fills the width (the test) instead of centring a panel. */
  wide?: boolean;
  /**
   * The body fills the screen and never scrolls as a whole: its parts (the
   * question, the navigator) scroll on their own, so the test's action
   * bar stays in sight on any kiosk screen and text size.
   */
  fitted?: boolean;
}) {
  const { t } = useI18n();
  const bodyClass = fitted
    ? "frame__body frame__body--fitted"
    : wide
      ? "frame__body frame__body--wide"
      : "frame__body";
  return (
    <div className={fitted ? "frame frame--fitted" : "frame"}>
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
          {identity ?? (
            <span>
              <span className="brand__name">Synaq</span>
              <span className="brand__tagline">{t("app.tagline")}</span>
            </span>
          )}
        </div>
        {center ? <div className="frame__center">{center}</div> : null}
        <div className="frame__tools">
          <DisplaySettings />
          <LanguageSwitcher />
        </div>
      </header>
      {notice}
      <main className={bodyClass}>{children}</main>
      {status ? <footer className="frame__bottom">{status}</footer> : null}
    </div>
  );
}
