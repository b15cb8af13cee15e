import { Link, PageTitle } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { BookingFlow } from "../../../components/booking/BookingFlow";

/** The public booking portal: `/` and `/book`. */
export function PortalPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("portal.title")}</PageTitle>
      <p className="lead">{t("portal.lead")}</p>
      <BookingFlow channel="public" />
      <aside className="card no-print" aria-labelledby="portal-have-booking">
        <h2 id="portal-have-booking">{t("portal.haveBooking")}</h2>
        <p>{t("portal.haveBookingLead")}</p>
        <Link className="button button--secondary" to="/book/status">
          <Icon name="search" />
          {t("portal.findBooking")}
        </Link>
      </aside>
    </>
  );
}
