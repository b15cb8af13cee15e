import { lazy, Suspense } from "react";
import { Link, Loading, PageTitle } from "../components/common";
import { LookupPage } from "../features/booking/LookupPage";
import { PortalPage } from "../features/booking/PortalPage";
import { StatusPage } from "../features/booking/StatusPage";
import { InfoPage } from "../features/info/InfoPage";
import { VerifyPage } from "../features/verify/VerifyPage";
import { useI18n } from "../lib/i18n";
// Consent, information and appeal strings: public pages need them.
import "../lib/i18n-rights";
// The region filter and centers list of the portal, the console's network day.
import "../lib/i18n-network";
import { matchPath, useLocation } from "../lib/router";
import { PublicLayout } from "./PublicLayout";

// The console (and its socket.io client) loads only for staff, so the
// public pages stay light on a phone.
const ConsoleApp = lazy(() =>
  import("./ConsoleApp").then((module) => ({ default: module.ConsoleApp })),
);

/**
 * One build serves two audiences: the staff console under /admin and the
 * public pages (booking portal, booking status, verification) elsewhere.
 */
export function App() {
  const { pathname } = useLocation();
  if (pathname === "/admin" || pathname.startsWith("/admin/")) {
    return (
      <Suspense
        fallback={
          <main id="main" className="page">
            <Loading />
          </main>
        }
      >
        <ConsoleApp />
      </Suspense>
    );
  }
  return (
    <PublicLayout>
      <PublicRoutes />
    </PublicLayout>
  );
}

/** `#<code>` of a status link, or null. */
function codeFromFragment(hash: string): string | null {
  let code = hash.replace(/^#/, "");
  try {
    code = decodeURIComponent(code).trim();
  } catch {
    return null;
  }
  return code === "" ? null : code;
}

function PublicRoutes() {
  const { t } = useI18n();
  const { pathname, search, hash } = useLocation();
  if (pathname === "/" || pathname === "/book") return <PortalPage />;
  if (pathname === "/book/status") return <LookupPage />;
  if (pathname === "/info") return <InfoPage search={search} />;
  const booking = matchPath("/booking/:id", pathname);
  if (booking?.id) {
    // The code rides in the fragment: browsers never send it to a server.
    return <StatusPage id={booking.id} code={codeFromFragment(hash)} />;
  }
  if (pathname === "/verify") return <VerifyPage fragment="" />;
  const verify = matchPath("/verify/:number", pathname);
  if (verify?.number) {
    return <VerifyPage number={verify.number} fragment={hash} />;
  }
  return (
    <>
      <PageTitle>{t("notFound.title")}</PageTitle>
      <p>{t("notFound.lead")}</p>
      <Link to="/">{t("nav.book")}</Link>
    </>
  );
}
