import { lazy, Suspense, useEffect, type ReactNode } from "react";
import type { StaffAccount } from "@shared/accounts";
import { BrandMark, Icon } from "../../components/Icon";
import {
  Alert,
  LanguageSwitcher,
  Link,
  Loading,
  PageTitle,
} from "../../components/common";
import { registerMessages, useI18n } from "../../lib/i18n";
import { accountsMessages } from "../../lib/i18n/accounts";
import { analyticsMessages } from "../../lib/i18n/analytics";
import { deliveryMessages } from "../../lib/i18n/delivery";
import { networkMessages } from "../../lib/i18n/network";
import { refusalsMessages } from "../../lib/i18n/refusals";
import { rightsMessages } from "../../lib/i18n/rights";
import { signoffMessages } from "../../lib/i18n/signoff";
import { matchPath, navigate, useLocation } from "../../lib/router";
import {
  ConsoleConnectionProvider,
  useConsoleConnection,
} from "../../lib/socket";
import { AccommodationsPage } from "../features/accommodations/AccommodationsPage";
import { AppealsPage } from "../features/appeals/AppealsPage";
import { ChangePasswordPage } from "../features/auth/ChangePasswordPage";
import { ComplaintsPage } from "../features/complaints/ComplaintsPage";
import { LoginPage } from "../features/auth/LoginPage";
import { useSession, useSessionExpiry } from "../features/auth/session";
import { ConfigPage } from "../features/config/ConfigPage";
import { DeskPage } from "../features/desk/DeskPage";
import { AdmissionDeskPage } from "../features/delivery/AdmissionDeskPage";
import { KiosksPage } from "../features/delivery/KiosksPage";
import { ResultsPage } from "../features/delivery/ResultsPage";
import { SeatMapPage } from "../features/delivery/SeatMapPage";
import { TodayPage } from "../features/delivery/TodayPage";
import { NetworkPage } from "../features/network/NetworkPage";
import { OutboxPage } from "../features/notifications/OutboxPage";
import { RosterPage } from "../features/slots/RosterPage";
import { SlotsPage } from "../features/slots/SlotsPage";
import { StaffBookingPage } from "../features/staff-booking/StaffBookingPage";
import {
  canOpen,
  currentSection,
  homeFor,
  sectionsFor,
  slotPage,
} from "./navigation";
import { StorageAlarmBanner } from "./StorageAlarmBanner";
import { useLiveUpdates } from "./use-live-updates";

// The exam-day, analytics and account strings travel with the console.
registerMessages(
  deliveryMessages,
  refusalsMessages,
  signoffMessages,
  analyticsMessages,
  accountsMessages,
  rightsMessages,
  networkMessages,
);

// The analytics screen carries the chart library: loaded when opened.
const AnalyticsPage = lazy(() =>
  import("../features/analytics/AnalyticsPage").then((module) => ({
    default: module.AnalyticsPage,
  })),
);

/** The staff console under /admin: sign-in, then the shell. */
export function ConsoleApp() {
  const { state, reload } = useSession();
  const { t, errorText } = useI18n();
  useSessionExpiry();
  switch (state.status) {
    case "loading":
      return (
        <main id="main" className="page">
          <Loading />
        </main>
      );
    case "error":
      return (
        <main id="main" className="page page--narrow">
          <Alert kind="error" title={t("console.unavailable")}>
            <p>{errorText(state.error)}</p>
          </Alert>
          <button
            type="button"
            className="button"
            onClick={() => void reload()}
          >
            {t("common.retry")}
          </button>
        </main>
      );
    case "signed-out":
      return <LoginPage />;
    case "signed-in":
      // After a manager's reset: nothing but the password form.
      if (state.account.mustChangePassword) return <ForcedPasswordChange />;
      return (
        <ConsoleConnectionProvider>
          <ConsoleShell account={state.account} />
        </ConsoleConnectionProvider>
      );
  }
}

function ForcedPasswordChange() {
  const { t, errorText } = useI18n();
  const { logOut } = useSession();
  return (
    <main id="main" className="page page--narrow">
      <ChangePasswordPage forced />
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          void logOut().catch((error: unknown) =>
            window.alert(errorText(error)),
          )
        }
      >
        <Icon name="logout" size={18} />
        {t("console.signOut")}
      </button>
    </main>
  );
}

function ConsoleShell({ account }: { account: StaffAccount }) {
  const { t, errorText } = useI18n();
  const { logOut } = useSession();
  const { pathname } = useLocation();
  const { state: connection } = useConsoleConnection();
  useLiveUpdates();
  const sections = sectionsFor(account.role, account.scope);
  const home = homeFor(account.role, account.scope);
  const current = currentSection(sections, pathname);

  useEffect(() => {
    if ((pathname === "/admin" || pathname === "/admin/login") && home) {
      navigate(home, { replace: true });
    }
  }, [pathname, home]);

  async function signOut() {
    try {
      await logOut();
      navigate("/admin", { replace: true });
    } catch (error) {
      window.alert(errorText(error));
    }
  }

  return (
    <div className="console">
      <a className="skip-link" href="#main">
        {t("common.skipToContent")}
      </a>
      <aside className="console__sidebar">
        <Link to="/admin" className="brand">
          <BrandMark />
          <span>
            <span className="brand__name">Synaq</span>
            <span className="brand__tagline">{t("console.tagline")}</span>
          </span>
        </Link>
        <nav className="console-nav" aria-label={t("nav.console")}>
          {sections.map((section) => (
            <Link
              key={section.path}
              to={section.path}
              aria-current={section.path === current ? "page" : undefined}
            >
              <Icon name={section.icon} />
              {t(section.label)}
            </Link>
          ))}
        </nav>
        <div className="console__account">
          <span>
            <Icon name="user" size={16} /> <strong>{account.fullName}</strong>
            <br />
            <span>{t(`role.${account.role}`)}</span>
            <br />
            <Link
              to="/admin/account"
              aria-current={pathname === "/admin/account" ? "page" : undefined}
            >
              {t("nav.account")}
            </Link>
          </span>
          <span
            className="connection"
            data-state={connection}
            role="status"
            aria-live="polite"
          >
            {t(`connection.${connection}`)}
          </span>
          <LanguageSwitcher />
          <button
            type="button"
            className="button button--small"
            onClick={() => void signOut()}
          >
            <Icon name="logout" size={18} />
            {t("console.signOut")}
          </button>
        </div>
      </aside>
      <div className="console__main">
        <StorageAlarmBanner />
        <main id="main" className="page">
          <ConsoleRoutes account={account} pathname={pathname} />
        </main>
      </div>
    </div>
  );
}

function ConsoleRoutes({
  account,
  pathname,
}: {
  account: StaffAccount;
  pathname: string;
}): ReactNode {
  const { t } = useI18n();
  const { search } = useLocation();
  const slot = slotPage(pathname);
  if (pathname === "/admin/account") return <ChangePasswordPage />;
  if (sectionsFor(account.role, account.scope).length === 0 && !slot) {
    return (
      <>
        <PageTitle>{t("console.welcome")}</PageTitle>
        <Alert kind="info">
          <p>{t("console.noSections")}</p>
        </Alert>
      </>
    );
  }
  if (pathname === "/admin" || pathname === "/admin/login") return <Loading />;
  if (!canOpen(account.role, pathname, account.scope)) {
    return (
      <>
        <PageTitle>{t("console.notFound")}</PageTitle>
        <p>{t("console.notFoundLead")}</p>
      </>
    );
  }
  if (pathname === "/admin/slots") return <SlotsPage account={account} />;
  if (pathname === "/admin/today") return <TodayPage />;
  if (pathname === "/admin/network") return <NetworkPage centerId={null} />;
  const networkCenter = matchPath("/admin/network/:centerId", pathname);
  if (networkCenter?.centerId) {
    return <NetworkPage centerId={networkCenter.centerId} />;
  }
  if (pathname === "/admin/kiosks") return <KiosksPage account={account} />;
  if (slot) {
    switch (slot.tab) {
      case "roster":
        return <RosterPage account={account} slotId={slot.slotId} />;
      case "desk":
        return <AdmissionDeskPage account={account} slotId={slot.slotId} />;
      case "seats":
        return <SeatMapPage account={account} slotId={slot.slotId} />;
      case "results":
        return <ResultsPage account={account} slotId={slot.slotId} />;
    }
  }
  if (pathname === "/admin/bookings/new") return <StaffBookingPage />;
  if (pathname === "/admin/desk") return <DeskPage account={account} />;
  if (pathname === "/admin/accommodations") return <AccommodationsPage />;
  if (pathname === "/admin/config") return <ConfigPage />;
  if (pathname === "/admin/outbox") return <OutboxPage />;
  if (pathname === "/admin/appeals" || pathname.startsWith("/admin/appeals/")) {
    const appealId = matchPath("/admin/appeals/:appealId", pathname)?.appealId;
    return (
      <AppealsPage
        account={account}
        appealId={appealId ?? null}
        itemId={search.get("item")}
      />
    );
  }
  if (pathname.startsWith("/admin/complaints")) {
    const complaintId = matchPath(
      "/admin/complaints/:complaintId",
      pathname,
    )?.complaintId;
    return (
      <ComplaintsPage account={account} complaintId={complaintId ?? null} />
    );
  }
  if (pathname === "/admin/analytics") {
    return (
      <Suspense fallback={<Loading />}>
        <AnalyticsPage account={account} />
      </Suspense>
    );
  }
  return (
    <>
      <PageTitle>{t("console.notFound")}</PageTitle>
      <p>{t("console.notFoundLead")}</p>
    </>
  );
}
