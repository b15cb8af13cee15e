import { Link, PageTitle } from "../../components/common";
import { registerMessages, useI18n } from "../../lib/i18n";
import { networkMessages } from "../../lib/i18n/network";
import { rightsMessages } from "../../lib/i18n/rights";
import { matchPath, useLocation } from "../../lib/router";
import { PortalPage } from "../features/booking/PortalPage";
import { InfoPage } from "../features/info/InfoPage";
import { LookupPage } from "../features/my-booking/LookupPage";
import { StatusPage } from "../features/my-booking/StatusPage";
import { VerifyPage } from "../features/verify/VerifyPage";
import { PortalLayout } from "./PortalLayout";

// Consent, information and appeal strings; the region filter and centers.
registerMessages(rightsMessages, networkMessages);

/** The public portal: booking, booking status, verification, information. */
export function PortalApp() {
  return (
    <PortalLayout>
      <PortalRoutes />
    </PortalLayout>
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

function PortalRoutes() {
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
