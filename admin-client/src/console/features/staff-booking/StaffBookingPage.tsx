import { PageTitle } from "../../../components/common";
import { useI18n } from "../../../lib/i18n";
import { BookingFlow } from "../../../components/booking/BookingFlow";
import { BookingRefusalSlip } from "../refusals/RefusalSlipButton";

/**
 * Booking at the desk (the regulation's assisted application): the same
 * flow as the portal; the staff member attests the candidate's consent
 * and hands over the code and the printed receipt.
 */
export function StaffBookingPage() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("staffBooking.title")}</PageTitle>
      <p className="lead">{t("staffBooking.lead")}</p>
      <BookingFlow
        channel="staff"
        refusalAction={({ errorId, request }) => (
          <BookingRefusalSlip errorId={errorId} request={request} />
        )}
      />
    </>
  );
}
