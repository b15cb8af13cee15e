import { queryOptions } from "@tanstack/react-query";
import type {
  MessageList,
  MessageState,
  MessageView,
} from "@shared/notifications";
import { api } from "../../../lib/api";

/** How many messages the outbox reads at once (the server's cap is 500). */
export const OUTBOX_LIMIT = 200;

export const notificationQueries = {
  all: () => ["notifications"] as const,
  /** Messages to candidates of the account's centers, newest first. */
  outbox: (state: MessageState | null) =>
    queryOptions({
      queryKey: [...notificationQueries.all(), state ?? "all"],
      queryFn: ({ signal }) =>
        api.get<MessageList>("/notifications", {
          query: { state, limit: OUTBOX_LIMIT },
          signal,
        }),
    }),
};

/** Sends a failed message again (a new round of tries). */
export const retryMessage = (messageId: string) =>
  api.post<MessageView>(
    `/notifications/${encodeURIComponent(messageId)}/retry`,
  );
