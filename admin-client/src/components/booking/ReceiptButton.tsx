import { useMutation } from "@tanstack/react-query";
import { useI18n } from "../../lib/i18n";
import { Alert } from "../common";
import { Icon } from "../Icon";
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
  const save = useMutation({
    mutationFn: () => downloadReceipt(bookingId, code),
  });
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={save.isPending}
        onClick={() => save.mutate()}
        data-testid={testId}
      >
        <Icon name="download" />
        {t("confirmation.receipt")}
      </button>
      {save.error ? <Alert kind="error">{errorText(save.error)}</Alert> : null}
    </>
  );
}
