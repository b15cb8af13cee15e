import type { BookingStatusView } from "@shared/booking";
import type { MessageView } from "@shared/notifications";
import { DataTable } from "../../../components/DataTable";
import { MessageStateBadge } from "../../../components/MessageState";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";

/** When the message last moved: sent, given up on, or queued. */
export const messageTime = (message: MessageView) =>
  message.sentAt ?? message.failedAt ?? message.queuedAt;

/**
 * The status page's "Messages": what the center told the candidate about
 * this booking, oldest first, with the channel, the address (masked by the
 * server) and whether it arrived.
 */
export function MessagesSection({ booking }: { booking: BookingStatusView }) {
  const { t } = useI18n();
  const messages = booking.messages;
  const zone = booking.slot.timezone;
  return (
    <section
      className="card"
      aria-labelledby="messages-title"
      data-testid="messages-section"
    >
      <h2 id="messages-title">{t("messages.title")}</h2>
      <p className="muted">{t("messages.lead")}</p>
      {messages.length === 0 ? (
        <p className="empty">{t("messages.none")}</p>
      ) : (
        <DataTable
          caption={t("messages.title")}
          rows={messages}
          rowKey={(message) => message.id}
          rowData={(message) => ({
            "data-message": message.id,
            "data-kind": message.kind,
          })}
          columns={[
            {
              header: t("messages.kind"),
              rowHeader: true,
              cell: (message) => t(`messages.kind.${message.kind}`),
            },
            {
              header: t("messages.channel"),
              cell: (message) => (
                <>
                  {t(`messages.channel.${message.channel}`)}
                  {message.channel !== "outbox" && message.to ? (
                    <>
                      <br />
                      <span className="mono small">{message.to}</span>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              header: t("messages.state"),
              cell: (message) => <MessageStateBadge state={message.state} />,
            },
            {
              header: t("messages.time"),
              className: "mono",
              cell: (message) => formatDateTime(messageTime(message), zone),
            },
          ]}
        />
      )}
    </section>
  );
}
