import type { ReactNode } from "react";
import { CONSENT_VERSION } from "@shared/booking";
import { BrandMark } from "../../components/Icon";
import { LanguageSwitcher, Link } from "../../components/common";
import { useI18n } from "../../lib/i18n";
import { useLocation } from "../../lib/router";

const PORTAL_NAV = [
  {
    to: "/",
    label: "nav.book",
    active: (path: string) => path === "/" || path === "/book",
  },
  {
    to: "/book/status",
    label: "nav.myBooking",
    active: (path: string) =>
      path === "/book/status" || path.startsWith("/booking/"),
  },
  {
    to: "/info",
    label: "nav.info",
    active: (path: string) => path === "/info",
  },
  {
    to: "/verify",
    label: "nav.verify",
    active: (path: string) => path.startsWith("/verify"),
  },
] as const;

/** Header, navigation and footer of the public pages. */
export function PortalLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <BrandMark />
            <span>
              <span className="brand__name">Synaq</span>
              <span className="brand__tagline">{t("portal.tagline")}</span>
            </span>
          </Link>
          <nav className="site-nav" aria-label={t("nav.public")}>
            {PORTAL_NAV.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                aria-current={item.active(pathname) ? "page" : undefined}
              >
                {t(item.label)}
              </Link>
            ))}
          </nav>
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" className="page page--narrow">
        {children}
      </main>
      <footer className="site-footer">
        <div className="site-footer__inner">
          <span>{t("footer.about")}</span>
          <span>
            {t("footer.consent", { version: CONSENT_VERSION })} ·{" "}
            <a href="/admin">{t("footer.staff")}</a>
          </span>
        </div>
      </footer>
    </>
  );
}
