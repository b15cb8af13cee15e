import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  MESSAGE_STATES,
  type MessageState,
  type MessageView,
} from "@shared/notifications";
import {
  Alert,
  ErrorAlert,
  Loading,
  PageTitle,
} from "../../../components/common";
import { DataTable } from "../../../components/DataTable";
import { SelectField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { MessageStateBadge } from "../../../components/MessageState";
import { formatDateTime } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { notificationQueries, retryMessage } from "./api";

/** While something is still on its way, look again this often. */
const POLL_MS = 5_000;

const when = (message: MessageView) =>
  message.sentAt ?? message.failedAt ?? message.queuedAt;

/** Failed first (someone has to act), then the newest. */
export function outboxOrder(messages: readonly MessageView[]): MessageView[] {
  return [...messages].sort(
    (a, b) =>
      Number(b.state === "failed") - Number(a.state === "failed") ||
      Date.parse(when(b)) - Date.parse(when(a)) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * `/admin/outbox`: the messages to candidates of the account's centers,
 * with their full addresses, tries and last error; a failed one can be
 * sent again once the gateway works. Without SMS or SMTP configured every
 * message lands here (channel "outbox"), for staff to pass on by hand.
 */
export function OutboxPage() {
  const { t } = useI18n();
  const [state, setState] = useState<MessageState | "">("");
  const outbox = useQuery({
    ...notificationQueries.outbox(state || null),
    refetchInterval: (query) =>
      query.state.data?.messages.some((message) => message.state === "queued")
        ? POLL_MS
        : false,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const retry = useMutation({
    mutationFn: retryMessage,
    meta: { invalidates: [notificationQueries.all()] },
    onSuccess: () => setNotice(t("outbox.retried")),
  });
  const messages = outboxOrder(outbox.data?.messages ?? []);

  return (
    <>
      <PageTitle>{t("outbox.title")}</PageTitle>
      <p className="lead">{t("outbox.lead")}</p>
      <div className="form-grid form-grid--two">
        <SelectField
          label={t("outbox.state")}
          value={state}
          onChange={(value) => {
            setState(value);
            setNotice(null);
          }}
          data-testid="outbox-state"
          options={[
            { value: "", label: t("outbox.state.all") },
            ...MESSAGE_STATES.map((value) => ({
              value,
              label: t(`messages.state.${value}`),
            })),
          ]}
        />
      </div>
      {notice ? (
        <Alert kind="success">
          <p>{notice}</p>
        </Alert>
      ) : null}
      <ErrorAlert error={outbox.error ?? retry.error} />
      {outbox.isLoading ? <Loading /> : null}
      {outbox.data && messages.length === 0 ? (
        <p className="empty">{t("outbox.none")}</p>
      ) : null}
      {messages.length > 0 ? (
        <DataTable
          testId="outbox"
          caption={t("outbox.title")}
          rows={messages}
          rowKey={(message) => message.id}
          rowData={(message) => ({
            "data-message": message.id,
            "data-state": message.state,
          })}
          columns={[
            {
              header: t("messages.time"),
              className: "mono",
              cell: (message) => formatDateTime(when(message)),
            },
            {
              header: t("messages.kind"),
              rowHeader: true,
              cell: (message) => t(`messages.kind.${message.kind}`),
            },
            {
              header: t("outbox.booking"),
              className: "mono small",
              cell: (message) => message.bookingId,
            },
            {
              header: t("messages.channel"),
              cell: (message) => t(`messages.channel.${message.channel}`),
            },
            {
              header: t("messages.to"),
              className: "mono",
              cell: (message) => message.to,
            },
            {
              header: t("messages.state"),
              cell: (message) => <MessageStateBadge state={message.state} />,
            },
            {
              header: t("outbox.attempts"),
              className: "num",
              headerClassName: "num",
              cell: (message) => message.attempts,
            },
            {
              header: t("outbox.error"),
              className: "small",
              cell: (message) =>
                message.error ? (
                  <span className="muted">{message.error}</span>
                ) : (
                  "—"
                ),
            },
            {
              header: <span className="sr-only">{t("outbox.retry")}</span>,
              cell: (message) =>
                message.state === "failed" ? (
                  <button
                    type="button"
                    className="button button--small"
                    disabled={retry.isPending && retry.variables === message.id}
                    onClick={() => {
                      setNotice(null);
                      retry.mutate(message.id);
                    }}
                  >
                    <Icon name="upload" size={14} />
                    {t("outbox.retry")}
                  </button>
                ) : null,
            },
          ]}
        />
      ) : null}
    </>
  );
}
