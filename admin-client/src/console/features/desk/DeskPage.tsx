import { useMutation, useQuery } from "@tanstack/react-query";
import {
  useId,
  useMemo,
  useState,
  type FormEvent,
  type ReactNode,
} from "react";
import { scopeCovers, type StaffAccount } from "@shared/accounts";
import {
  formatBookingCode,
  normalizeBookingCode,
  type PublicSlot,
} from "@shared/booking";
import {
  DeskHolder,
  ID_DOCUMENT_KINDS,
  IdDocument,
  type DeskBooking,
  type DeskFindResult,
  type IdDocumentKind,
} from "@shared/desk";
import { validateIin } from "@shared/iin";
import { DataTable } from "../../../components/DataTable";
import { Facts } from "../../../components/Facts";
import { Icon } from "../../../components/Icon";
import { MessageStateBadge } from "../../../components/MessageState";
import { StatusBadge } from "../../../components/StatusBadge";
import { ReceiptButton } from "../../../components/booking/ReceiptButton";
import {
  Alert,
  ConfirmDialog,
  Loading,
  PageTitle,
} from "../../../components/common";
import { SelectField, TextField } from "../../../components/form";
import { ApiError } from "../../../lib/api";
import { formatDateTime } from "../../../lib/format";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { publicSlotQueries } from "../../../lib/queries";
import type { Problem } from "../../../lib/validate";
import {
  cancelBooking,
  findBookings,
  moveBooking,
  renewCode,
  type DeskPerson,
} from "./api";

/** Errors whose desk wording differs from the portal's. */
const DESK_ERRORS = new Set([
  "booking_not_found",
  "cancel_closed",
  "out_of_scope",
]);

/** An error as the desk words it. */
function useDeskError() {
  const { t, errorText } = useI18n();
  return (error: unknown) =>
    error instanceof ApiError && DESK_ERRORS.has(error.id)
      ? t(`deskFind.error.${error.id}` as MessageKey)
      : errorText(error);
}

function DeskErrorAlert({ error }: { error: unknown }) {
  const text = useDeskError();
  if (!error) return null;
  return (
    <Alert kind="error">
      <p>{text(error)}</p>
    </Alert>
  );
}

/**
 * "Find a booking": a person at the desk shows their ID document; the
 * staff member finds their bookings by IIN and cancels one, moves it or
 * gives it a new code. This gives a person whose IIN someone else booked
 * their place back, at any desk of the network. The IIN stays in this
 * page's memory and request bodies, never in its address.
 */
export function DeskPage({ account }: { account: StaffAccount }) {
  const { t } = useI18n();
  const [found, setFound] = useState<{
    person: DeskPerson;
    result: DeskFindResult;
  } | null>(null);
  const find = useMutation({
    mutationFn: findBookings,
    onMutate: () => setFound(null),
    onSuccess: (result, person) => setFound({ person, result }),
  });
  const replace = (booking: DeskBooking) =>
    setFound((current) =>
      current
        ? {
            ...current,
            result: {
              ...current.result,
              bookings: current.result.bookings.map((shown) =>
                shown.id === booking.id ? booking : shown,
              ),
            },
          }
        : current,
    );

  return (
    <>
      <PageTitle>{t("deskFind.title")}</PageTitle>
      <p className="lead">{t("deskFind.lead")}</p>
      <PersonForm
        busy={find.isPending}
        onFind={(person) => find.mutate(person)}
      />
      <DeskErrorAlert error={find.error} />
      {find.isPending ? <Loading /> : null}
      {found ? (
        <section
          aria-labelledby="desk-results-title"
          data-testid="desk-results"
        >
          <h2 id="desk-results-title">
            {t("deskFind.results", { iin: found.result.maskedIin })}
          </h2>
          {found.result.bookings.length === 0 ? (
            <p className="empty">{t("deskFind.none")}</p>
          ) : (
            found.result.bookings.map((booking) => (
              <BookingCard
                key={booking.id}
                booking={booking}
                person={found.person}
                account={account}
                onChange={replace}
              />
            ))
          )}
        </section>
      ) : null}
    </>
  );
}

/** The IIN, the document and the staff member's word that they checked it. */
function PersonForm({
  busy,
  onFind,
}: {
  busy: boolean;
  onFind: (person: DeskPerson) => void;
}) {
  const { t } = useI18n();
  const checkedId = useId();
  const [iin, setIin] = useState("");
  const [kind, setKind] = useState<IdDocumentKind>("id_card");
  const [number, setNumber] = useState("");
  const [checked, setChecked] = useState(false);
  const [problems, setProblems] = useState<{
    iin?: Problem;
    number?: Problem;
    checked?: Problem;
  }>({});

  function submit(event: FormEvent) {
    event.preventDefault();
    const validIin = validateIin(iin);
    const document = IdDocument.safeParse({ kind, number });
    const found = {
      ...(validIin.valid ? {} : { iin: { key: `iin.${validIin.reason}` } }),
      ...(document.success
        ? {}
        : { number: { key: "deskFind.error.documentNumber" } }),
      ...(checked ? {} : { checked: { key: "deskFind.error.checked" } }),
    } as typeof problems;
    setProblems(found);
    if (validIin.valid && document.success && checked) {
      onFind({ iin: validIin.iin, document: document.data });
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate role="search">
      <div className="form-grid form-grid--two">
        <TextField
          label={t("booking.iin")}
          error={problems.iin}
          name="iin"
          className="mono"
          inputMode="numeric"
          maxLength={12}
          autoComplete="off"
          value={iin}
          onChange={(value) => setIin(value.replace(/\D/g, ""))}
          data-testid="desk-iin"
        />
        <SelectField
          label={t("deskFind.documentKind")}
          value={kind}
          onChange={setKind}
          options={ID_DOCUMENT_KINDS.map((value) => ({
            value,
            label: t(`deskFind.document.${value}`),
          }))}
          data-testid="desk-document-kind"
        />
        <TextField
          label={t("deskFind.documentNumber")}
          hint={t("deskFind.documentNumberHint")}
          error={problems.number}
          name="documentNumber"
          autoComplete="off"
          maxLength={32}
          value={number}
          onChange={setNumber}
          data-testid="desk-document-number"
        />
        <div className="field field--wide">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={checked}
              aria-invalid={problems.checked ? true : undefined}
              aria-describedby={
                problems.checked ? `${checkedId}-error` : undefined
              }
              onChange={(event) => {
                setChecked(event.target.checked);
                setProblems((current) => ({ ...current, checked: undefined }));
              }}
              data-testid="desk-document-checked"
            />
            {t("deskFind.checked")}
          </label>
          {problems.checked ? (
            <span id={`${checkedId}-error`} className="field__error">
              <Icon name="warning" size={16} />
              {t("deskFind.error.checked")}
            </span>
          ) : null}
        </div>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="button"
          disabled={busy}
          data-testid="desk-find"
        >
          {busy ? (
            <span className="spinner" aria-hidden="true" />
          ) : (
            <Icon name="search" />
          )}
          {t("deskFind.find")}
        </button>
      </div>
    </form>
  );
}

/** "Send a message to +7 *** *** 45 67", with why to ask first. */
function NotifyChoice({
  booking,
  checked,
  onChange,
}: {
  booking: DeskBooking;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useI18n();
  const hintId = useId();
  if (!booking.contact) return null;
  return (
    <div className="field">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={checked}
          aria-describedby={hintId}
          onChange={(event) => onChange(event.target.checked)}
          data-testid="desk-notify"
        />
        {t("deskFind.notify", { contact: booking.contact.to })}
      </label>
      <span id={hintId} className="field__hint">
        {t("deskFind.notifyHint")}
      </span>
    </div>
  );
}

type Panel = "cancel" | "move" | "renew" | null;

/** One booking of the person, with what the desk may do with it. */
function BookingCard({
  booking,
  person,
  account,
  onChange,
}: {
  booking: DeskBooking;
  person: DeskPerson;
  account: StaffAccount;
  onChange: (booking: DeskBooking) => void;
}) {
  const { t, localized } = useI18n();
  const titleId = useId();
  const [panel, setPanel] = useState<Panel>(null);
  // Cancel and move tell the contact by default, a new code does not: a
  // squatter's phone must never receive it.
  const [notify, setNotify] = useState(true);
  const [done, setDone] = useState<MessageKey | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const open = (next: Panel) => {
    setPanel(next);
    setNotify(next !== "renew" && booking.contact !== null);
    setDone(null);
  };
  const told = () => notify && booking.contact !== null;
  const cancel = useMutation({
    mutationFn: () => cancelBooking(person, booking.id, told()),
    onSuccess: (updated) => {
      onChange(updated);
      setPanel(null);
      setDone("deskFind.cancelled");
    },
  });
  const move = useMutation({
    mutationFn: (slotId: string) =>
      moveBooking(person, booking.id, slotId, told()),
    onSuccess: (updated) => {
      onChange(updated);
      setPanel(null);
      setDone("deskFind.moved");
    },
  });
  const renew = useMutation({
    mutationFn: (holder: DeskHolder | undefined) =>
      renewCode(
        person,
        booking.id,
        // The person's own contact, when given, is theirs to be told.
        holder ? Boolean(holder.phone || holder.email) : told(),
        holder,
      ),
    onSuccess: (renewed) => {
      onChange(renewed.booking);
      setPanel(null);
      setCode(renewed.code);
    },
  });
  const busy = cancel.isPending || move.isPending || renew.isPending;
  const zoneLabel = `${booking.slot.date} ${booking.slot.time} (${booking.slot.utcOffset})`;

  return (
    <article
      className="card"
      aria-labelledby={titleId}
      data-booking={booking.id}
      data-testid="desk-booking"
    >
      <div className="card__header">
        <h3 id={titleId}>{localized(booking.program.titles)}</h3>
        <StatusBadge status={booking.status} />
      </div>
      {!booking.inScope ? (
        <Alert kind="info">
          <p>{t("deskFind.otherCenter")}</p>
        </Alert>
      ) : null}
      <Facts
        rows={[
          [
            t("facts.receiptNumber"),
            <span className="mono">{booking.id}</span>,
          ],
          [t("facts.fullName"), booking.fullName],
          [t("facts.when"), zoneLabel],
          [t("facts.where"), localized(booking.slot.center.name)],
          ...(booking.slot.room
            ? ([[t("facts.room"), localized(booking.slot.room.names)]] as [
                string,
                string,
              ][])
            : []),
          [t("deskFind.source"), t(`deskFind.source.${booking.source}`)],
          [t("facts.bookedAt"), formatDateTime(booking.createdAt)],
          ...(booking.cancelledAt
            ? ([
                [t("facts.cancelledAt"), formatDateTime(booking.cancelledAt)],
              ] as [string, string][])
            : []),
          [
            t("deskFind.contact"),
            booking.contact ? (
              <span className="mono">{booking.contact.to}</span>
            ) : (
              t("deskFind.contactNone")
            ),
          ],
        ]}
      />
      {done ? (
        <Alert kind="success">
          <p>{t(done)}</p>
        </Alert>
      ) : null}
      {code ? (
        <RenewedCode
          bookingId={booking.id}
          code={code}
          onDone={() => setCode(null)}
        />
      ) : null}
      <DeskErrorAlert error={move.error} />
      <div className="form-actions">
        {booking.actions.cancel ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => open("cancel")}
            data-testid="desk-cancel"
          >
            <Icon name="cross" />
            {t("deskFind.cancel")}
          </button>
        ) : null}
        {booking.actions.move ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            aria-expanded={panel === "move"}
            onClick={() => open(panel === "move" ? null : "move")}
            data-testid="desk-move"
          >
            <Icon name="calendar" />
            {t("deskFind.move")}
          </button>
        ) : null}
        {booking.actions.renewCode ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => open("renew")}
            data-testid="desk-renew"
          >
            <Icon name="shield" />
            {t("deskFind.renew")}
          </button>
        ) : null}
      </div>
      {panel === "move" ? (
        <MovePanel
          booking={booking}
          account={account}
          busy={busy}
          notify={
            <NotifyChoice
              booking={booking}
              checked={notify}
              onChange={setNotify}
            />
          }
          onMove={(slotId) => move.mutate(slotId)}
        />
      ) : null}
      <ConfirmDialog
        open={panel === "cancel"}
        title={t("deskFind.cancelTitle")}
        confirmLabel={t("deskFind.cancel")}
        cancelLabel={t("common.cancel")}
        danger
        busy={busy}
        onConfirm={() => cancel.mutate()}
        onCancel={() => setPanel(null)}
      >
        <p>{t("deskFind.cancelLead")}</p>
        <NotifyChoice booking={booking} checked={notify} onChange={setNotify} />
        <DeskErrorAlert error={cancel.error} />
      </ConfirmDialog>
      {panel === "renew" ? (
        <RenewDialog
          booking={booking}
          busy={busy}
          error={renew.error}
          notify={
            <NotifyChoice
              booking={booking}
              checked={notify}
              onChange={setNotify}
            />
          }
          onRenew={(holder) => renew.mutate(holder)}
          onCancel={() => setPanel(null)}
        />
      ) : null}
      {booking.inScope ? <MessagesTable booking={booking} /> : null}
    </article>
  );
}

type HolderField = "fullName" | "phone" | "email";

/**
 * "Give a new code?" — and, when someone else made the booking, the
 * person's own name (as on the document) and contact in place of theirs:
 * the name reaches the certificate, the contact the reminder and result.
 */
function RenewDialog({
  booking,
  busy,
  error,
  notify,
  onRenew,
  onCancel,
}: {
  booking: DeskBooking;
  busy: boolean;
  error: unknown;
  notify: ReactNode;
  onRenew: (holder: DeskHolder | undefined) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [replace, setReplace] = useState(false);
  const [fields, setFields] = useState({ fullName: "", phone: "", email: "" });
  const [problems, setProblems] = useState<
    Partial<Record<HolderField, Problem>>
  >({});
  const PROBLEMS: Record<HolderField, MessageKey> = {
    fullName: "deskFind.error.holderName",
    phone: "booking.error.phone",
    email: "booking.error.email",
  };

  function confirm() {
    if (!replace) {
      onRenew(undefined);
      return;
    }
    const checked = DeskHolder.safeParse({
      fullName: fields.fullName,
      ...(fields.phone.trim() ? { phone: fields.phone } : {}),
      ...(fields.email.trim() ? { email: fields.email.trim() } : {}),
    });
    if (checked.success) {
      setProblems({});
      onRenew(checked.data);
      return;
    }
    const found: Partial<Record<HolderField, Problem>> = {};
    for (const issue of checked.error.issues) {
      const field = issue.path[0] as HolderField;
      found[field] = { key: PROBLEMS[field] };
    }
    setProblems(found);
  }

  const field = (name: HolderField) => ({
    error: problems[name],
    name: `holder-${name}`,
    value: fields[name],
    onChange: (value: string) =>
      setFields((current) => ({ ...current, [name]: value })),
  });

  return (
    <ConfirmDialog
      open
      title={t("deskFind.renewTitle")}
      confirmLabel={t("deskFind.renew")}
      cancelLabel={t("common.cancel")}
      busy={busy}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>{t("deskFind.renewLead")}</p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={replace}
          onChange={(event) => setReplace(event.target.checked)}
          data-testid="desk-replace-holder"
        />
        {t("deskFind.replaceHolder", { name: booking.fullName })}
      </label>
      {replace ? (
        <div className="form-grid">
          <p className="muted small field--wide">
            {t("deskFind.replaceHolderHint")}
          </p>
          <TextField
            label={t("deskFind.holderName")}
            wide
            autoComplete="off"
            maxLength={200}
            {...field("fullName")}
          />
          <TextField
            label={t("booking.phone")}
            type="tel"
            autoComplete="off"
            {...field("phone")}
          />
          <TextField
            label={t("deskFind.holderEmail")}
            type="email"
            autoComplete="off"
            {...field("email")}
          />
        </div>
      ) : (
        notify
      )}
      <DeskErrorAlert error={error} />
    </ConfirmDialog>
  );
}

/** The new code, shown once, with the receipt to print and hand over. */
function RenewedCode({
  bookingId,
  code,
  onDone,
}: {
  bookingId: string;
  code: string;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const shown = formatBookingCode(normalizeBookingCode(code) ?? code);
  return (
    <div className="booking-code" data-testid="desk-new-code-panel">
      <span className="label" id={`desk-code-${bookingId}`}>
        {t("deskFind.newCode")}
      </span>
      <span
        className="booking-code__value"
        aria-labelledby={`desk-code-${bookingId}`}
        data-testid="desk-new-code"
      >
        {shown}
      </span>
      <Alert kind="warning">
        <p>{t("deskFind.newCodeLead")}</p>
      </Alert>
      <div className="form-actions">
        <ReceiptButton
          bookingId={bookingId}
          code={shown}
          testId="desk-receipt"
        />
        <button
          type="button"
          className="button button--secondary"
          onClick={onDone}
        >
          {t("deskFind.done")}
        </button>
      </div>
    </div>
  );
}

const MOVE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The sessions a booking may move to: its program's, open, with a free
 * seat, at the centers the staff member serves (the server refuses any
 * other), from the public slot search the booking pages use.
 */
function MovePanel({
  booking,
  account,
  busy,
  notify,
  onMove,
}: {
  booking: DeskBooking;
  account: StaffAccount;
  busy: boolean;
  notify: ReactNode;
  onMove: (slotId: string) => void;
}) {
  const { t, localized } = useI18n();
  const groupName = useId();
  const [center, setCenter] = useState("");
  const [chosen, setChosen] = useState<string | null>(null);
  // One window per opening of the panel: the query key stays put.
  const [period] = useState(() => {
    const now = Date.now();
    return {
      from: new Date(now).toISOString(),
      to: new Date(now + MOVE_DAYS * DAY_MS).toISOString(),
    };
  });
  const found = useQuery(
    publicSlotQueries.search({ program: booking.program.id, ...period }),
  );
  const slots = useMemo(
    () =>
      (found.data ?? []).filter(
        (slot: PublicSlot) =>
          slot.id !== booking.slot.id &&
          slot.open &&
          slot.freeSeats > 0 &&
          scopeCovers(account.scope, slot.center.id),
      ),
    [found.data, booking.slot.id, account.scope],
  );
  const centers = useMemo(() => {
    const seen = new Map<string, PublicSlot["center"]>();
    for (const slot of slots) seen.set(slot.center.id, slot.center);
    return [...seen.values()];
  }, [slots]);
  const listed = slots.filter((slot) => !center || slot.center.id === center);

  return (
    <section
      className="card"
      aria-labelledby={`${groupName}-title`}
      data-testid="desk-move-panel"
    >
      <h4 id={`${groupName}-title`}>{t("deskFind.moveTitle")}</h4>
      <p className="muted small">{t("deskFind.moveLead")}</p>
      {centers.length > 1 ? (
        <SelectField
          label={t("deskFind.moveCenter")}
          value={center}
          onChange={setCenter}
          empty={t("deskFind.moveAllCenters")}
          options={centers.map((option) => ({
            value: option.id,
            label: localized(option.name),
          }))}
        />
      ) : null}
      {found.isPending ? <Loading /> : null}
      <DeskErrorAlert error={found.error} />
      {!found.isPending && !found.error && listed.length === 0 ? (
        <p className="empty">{t("deskFind.moveNone")}</p>
      ) : null}
      {listed.length > 0 ? (
        <fieldset>
          <legend className="sr-only">{t("deskFind.moveTitle")}</legend>
          <ul className="slot-list">
            {listed.map((slot) => (
              <li key={slot.id}>
                <label className="slot-option" data-slot={slot.id}>
                  <input
                    type="radio"
                    name={groupName}
                    value={slot.id}
                    checked={chosen === slot.id}
                    onChange={() => setChosen(slot.id)}
                  />
                  <span className="slot-option__body">
                    <span className="slot-option__time">
                      {slot.local.date} {slot.local.time}{" "}
                      <span className="muted small">
                        ({slot.local.utcOffset})
                      </span>
                    </span>
                    <span className="slot-option__place">
                      {localized(slot.center.name)} ·{" "}
                      {localized(slot.room.names)}
                    </span>
                  </span>
                  <span className="slot-option__seats">
                    <span className="badge badge--success">
                      {t("portal.freeSeats", { count: slot.freeSeats })}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      {notify}
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={busy || chosen === null}
          onClick={() => chosen && onMove(chosen)}
          data-testid="desk-move-confirm"
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {t("deskFind.moveConfirm")}
        </button>
      </div>
    </section>
  );
}

/** What the center told the holder of the booking, oldest first. */
function MessagesTable({ booking }: { booking: DeskBooking }) {
  const { t } = useI18n();
  return (
    <details data-testid="desk-messages">
      <summary>
        {t("deskFind.messages")} ({booking.messages.length})
      </summary>
      {booking.messages.length === 0 ? (
        <p className="empty">{t("deskFind.noMessages")}</p>
      ) : (
        <DataTable
          caption={t("deskFind.messages")}
          rows={booking.messages}
          rowKey={(message) => message.id}
          rowData={(message) => ({ "data-kind": message.kind })}
          columns={[
            {
              header: t("messages.kind"),
              rowHeader: true,
              cell: (message) => t(`messages.kind.${message.kind}`),
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
              header: t("messages.time"),
              className: "mono",
              cell: (message) =>
                formatDateTime(
                  message.sentAt ?? message.failedAt ?? message.queuedAt,
                ),
            },
          ]}
        />
      )}
    </details>
  );
}
