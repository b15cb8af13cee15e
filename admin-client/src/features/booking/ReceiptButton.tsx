import { useState } from "react";
import { Alert } from "../../components/common";
import { Icon } from "../../components/Icon";
import { useI18n } from "../../lib/i18n";
import { downloadReceipt } from "./api";

/**
 * Saves the receipt PDF. A plain link cannot carry the booking code in a
 * header, and the code must never sit in a URL, so the file is fetched
 * and handed to the browser as a download.
 */
export function ReceiptButton({
  bookingId,
  code,
  testId,
}: {
  bookingId: string;
  code: string;
  testId?: string;
}) {
  const { t, errorText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await downloadReceipt(bookingId, code);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void save()}
        data-testid={testId}
      >
        <Icon name="download" />
        {t("confirmation.receipt")}
      </button>
      {failure ? <Alert kind="error">{failure}</Alert> : null}
    </>
  );
}
