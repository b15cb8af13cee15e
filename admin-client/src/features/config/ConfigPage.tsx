import { useId, useState, type FormEvent } from "react";
import type { Center, Room, Slot } from "@shared/booking";
import { toLocalTime, wallClockToInstant } from "@shared/time";
import {
  Alert,
  ConfirmDialog,
  ErrorAlert,
  Field,
  Loading,
  PageTitle,
} from "../../components/common";
import { Icon } from "../../components/Icon";
import { todayIn } from "../../lib/format";
import { useI18n, type MessageKey } from "../../lib/i18n";
import { useNow } from "../../lib/use-now";
import { useResource } from "../../lib/use-resource";
import { dayStart } from "../booking/api";
import { SlotStateBadge } from "../slots/SlotStateBadge";
import { useScopedCenters } from "../auth/scope";
import { listCenterSlots, listPrograms, listRooms } from "../slots/api";
import { AccountsSection } from "./AccountsSection";
import { KeysSection } from "./KeysSection";
import {
  addSeats,
  cancelSlot,
  changeSeatsOffered,
  createCenter,
  createRoom,
  listSeats,
  scheduleSlot,
} from "./api";

/** A change that went through, said once under the form that made it. */
type Outcome = { ok: MessageKey } | { error: unknown } | null;

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  const { t } = useI18n();
  if (!outcome) return null;
  if ("error" in outcome) return <ErrorAlert error={outcome.error} />;
  return (
    <Alert kind="success">
      <p>{t(outcome.ok)}</p>
    </Alert>
  );
}

/**
 * The manager's configuration: centers, their rooms and seats, the slots
 * offered for booking, the staff accounts and the keys that sign
 * documents. Every change is one API call the server
 * validates and audits; this screen only collects and shows.
 */
export function ConfigPage() {
  const { t, localized } = useI18n();
  const centers = useScopedCenters();
  const [chosen, setChosen] = useState("");
  const center =
    centers.data?.find((candidate) => candidate.id === chosen) ??
    centers.data?.[0];

  return (
    <>
      <PageTitle>{t("config.title")}</PageTitle>
      <p className="lead">{t("config.lead")}</p>
      <ErrorAlert error={centers.error} />
      {centers.loading && !centers.data ? <Loading /> : null}
      <CentersSection
        centers={centers.data ?? []}
        onCreated={(created) => {
          setChosen(created.id);
          centers.reload();
        }}
      />
      {center ? (
        <>
          <div className="toolbar">
            <Field label={t("config.center")}>
              {(props) => (
                <select
                  {...props}
                  value={center.id}
                  onChange={(event) => setChosen(event.target.value)}
                >
                  {(centers.data ?? []).map((option) => (
                    <option key={option.id} value={option.id}>
                      {localized(option.name)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <CenterDetails key={center.id} center={center} />
        </>
      ) : null}
      <AccountsSection />
      <KeysSection />
    </>
  );
}

function CentersSection({
  centers,
  onCreated,
}: {
  centers: Center[];
  onCreated: (center: Center) => void;
}) {
  const { t, localized } = useI18n();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card__header">
        <h2 id={headingId}>{t("config.centers")}</h2>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-expanded={open}
          onClick={() => setOpen((value) => !value)}
        >
          <Icon name="plus" size={16} />
          {t("config.addCenter")}
        </button>
      </div>
      {centers.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("config.name")}</th>
                <th scope="col">{t("config.address")}</th>
                <th scope="col">{t("config.timezone")}</th>
              </tr>
            </thead>
            <tbody>
              {centers.map((center) => (
                <tr key={center.id}>
                  <th scope="row">{localized(center.name)}</th>
                  <td>{localized(center.address)}</td>
                  <td className="mono">{center.timezone}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t("slots.noCenters")}</p>
      )}
      {open ? (
        <AddCenterForm
          onCreated={(center) => {
            setOpen(false);
            onCreated(center);
          }}
        />
      ) : null}
    </section>
  );
}

const LANGUAGES = ["kk", "ru", "en"] as const;

function AddCenterForm({ onCreated }: { onCreated: (center: Center) => void }) {
  const { t } = useI18n();
  const empty = { kk: "", ru: "", en: "" };
  const [name, setName] = useState(empty);
  const [address, setAddress] = useState(empty);
  const [timezone, setTimezone] = useState("Asia/Almaty");
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      onCreated(
        await createCenter({ name, address, timezone: timezone.trim() }),
      );
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  }

  const complete =
    LANGUAGES.every((code) => name[code].trim() && address[code].trim()) &&
    timezone.trim();

  return (
    <form onSubmit={submit} noValidate>
      <h3>{t("config.addCenter")}</h3>
      <div className="form-grid">
        {LANGUAGES.map((code) => (
          <Field key={`name-${code}`} label={t(`config.nameIn.${code}`)}>
            {(props) => (
              <input
                {...props}
                lang={code}
                maxLength={200}
                value={name[code]}
                onChange={(event) =>
                  setName({ ...name, [code]: event.target.value })
                }
              />
            )}
          </Field>
        ))}
        {LANGUAGES.map((code) => (
          <Field key={`address-${code}`} label={t(`config.addressIn.${code}`)}>
            {(props) => (
              <input
                {...props}
                lang={code}
                maxLength={300}
                value={address[code]}
                onChange={(event) =>
                  setAddress({ ...address, [code]: event.target.value })
                }
              />
            )}
          </Field>
        ))}
        <Field label={t("config.timezone")} hint={t("config.timezoneHint")}>
          {(props) => (
            <input
              {...props}
              className="mono"
              value={timezone}
              onChange={(event) => setTimezone(event.target.value)}
            />
          )}
        </Field>
      </div>
      <OutcomeAlert outcome={outcome} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy || !complete}>
          {t("config.create")}
        </button>
      </div>
    </form>
  );
}

function CenterDetails({ center }: { center: Center }) {
  const rooms = useResource(`config:rooms:${center.id}`, (signal) =>
    listRooms(center.id, signal),
  );
  return (
    <>
      <RoomsSection
        center={center}
        rooms={rooms.data ?? []}
        error={rooms.error}
        onChanged={rooms.reload}
      />
      <SlotsSection center={center} rooms={rooms.data ?? []} />
    </>
  );
}

function RoomsSection({
  center,
  rooms,
  error,
  onChanged,
}: {
  center: Center;
  rooms: Room[];
  error: unknown;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [name, setName] = useState("");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [openRoom, setOpenRoom] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) return;
    try {
      await createRoom(center.id, name.trim());
      setName("");
      setOutcome({ ok: "config.roomCreated" });
      onChanged();
    } catch (caught) {
      setOutcome({ error: caught });
    }
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("config.rooms")}</h2>
      <ErrorAlert error={error} />
      {rooms.length > 0 ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("config.room")}</th>
                <th scope="col" className="num">
                  {t("config.seatCount")}
                </th>
                <th scope="col">
                  <span className="sr-only">{t("slots.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rooms.map((room) => (
                <RoomRow
                  key={room.id}
                  room={room}
                  open={openRoom === room.id}
                  onToggle={() =>
                    setOpenRoom(openRoom === room.id ? null : room.id)
                  }
                  onChanged={onChanged}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="empty">{t("config.noRooms")}</p>
      )}
      <form
        onSubmit={submit}
        noValidate
        className="toolbar"
        style={{ marginTop: "1rem" }}
      >
        <Field label={t("config.newRoom")}>
          {(props) => (
            <input
              {...props}
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={!name.trim()}>
          <Icon name="plus" size={18} />
          {t("config.addRoom")}
        </button>
      </form>
      <OutcomeAlert outcome={outcome} />
    </section>
  );
}

function RoomRow({
  room,
  open,
  onToggle,
  onChanged,
}: {
  room: Room;
  open: boolean;
  onToggle: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const panelId = useId();
  return (
    <>
      <tr>
        <th scope="row">{room.name}</th>
        <td className="num">{room.seatCount}</td>
        <td>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={onToggle}
          >
            {t("config.seats")}
          </button>
        </td>
      </tr>
      {open ? (
        <tr id={panelId}>
          <td colSpan={3}>
            <SeatsEditor room={room} onChanged={onChanged} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function SeatsEditor({
  room,
  onChanged,
}: {
  room: Room;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const seats = useResource(`config:seats:${room.id}`, (signal) =>
    listSeats(room.id, signal),
  );
  const [prefix, setPrefix] = useState("A");
  const [from, setFrom] = useState("1");
  const [to, setTo] = useState("10");
  const [outcome, setOutcome] = useState<Outcome>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await addSeats(room.id, {
        prefix: prefix.trim(),
        from: Number(from),
        to: Number(to),
      });
      setOutcome({ ok: "config.seatsAdded" });
      seats.reload();
      onChanged();
    } catch (error) {
      setOutcome({ error });
    }
  }

  return (
    <div>
      {seats.loading && !seats.data ? <Loading /> : null}
      <ErrorAlert error={seats.error} />
      <p className="mono small">
        {(seats.data ?? []).map((seat) => seat.label).join("  ") ||
          t("config.noSeats")}
      </p>
      <form onSubmit={submit} noValidate className="toolbar">
        <Field label={t("config.seatPrefix")} hint={t("config.seatPrefixHint")}>
          {(props) => (
            <input
              {...props}
              className="mono"
              maxLength={8}
              value={prefix}
              onChange={(event) => setPrefix(event.target.value)}
            />
          )}
        </Field>
        <Field label={t("config.seatFrom")}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={0}
              value={from}
              onChange={(event) => setFrom(event.target.value)}
            />
          )}
        </Field>
        <Field label={t("config.seatTo")}>
          {(props) => (
            <input
              {...props}
              type="number"
              min={0}
              value={to}
              onChange={(event) => setTo(event.target.value)}
            />
          )}
        </Field>
        <button type="submit" className="button">
          {t("config.addSeats")}
        </button>
      </form>
      <OutcomeAlert outcome={outcome} />
    </div>
  );
}

function SlotsSection({ center, rooms }: { center: Center; rooms: Room[] }) {
  const { t, localized } = useI18n();
  const headingId = useId();
  const now = useNow();
  const zone = center.timezone;
  const programs = useResource("programs", listPrograms);
  const slots = useResource(`config:slots:${center.id}`, (signal) =>
    listCenterSlots(
      center.id,
      {
        from: dayStart(todayIn(zone), zone),
        to: dayStart(todayIn(zone, 60), zone),
      },
      signal,
    ),
  );
  const [roomId, setRoomId] = useState("");
  const [programId, setProgramId] = useState("");
  const [date, setDate] = useState(() => todayIn(zone, 7));
  const [time, setTime] = useState("10:00");
  const [seatsOffered, setSeatsOffered] = useState("");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [cancelling, setCancelling] = useState<Slot | null>(null);
  const [busy, setBusy] = useState(false);

  const room = rooms.find((candidate) => candidate.id === roomId) ?? rooms[0];
  const program =
    programs.data?.find((candidate) => candidate.id === programId) ??
    programs.data?.[0];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!room || !program) return;
    const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
    const [hour = 0, minute = 0] = time.split(":").map(Number);
    const startsAt = new Date(
      wallClockToInstant({ year, month, day, hour, minute }, zone),
    ).toISOString();
    setBusy(true);
    try {
      await scheduleSlot({
        roomId: room.id,
        programId: program.id,
        startsAt,
        seatsOffered: Number(seatsOffered || room.seatCount),
      });
      setOutcome({ ok: "config.slotCreated" });
      slots.reload();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  }

  async function cancel(slot: Slot) {
    setBusy(true);
    try {
      await cancelSlot(slot.id);
      setOutcome({ ok: "config.slotCancelled" });
      slots.reload();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
      setCancelling(null);
    }
  }

  const roomName = (id: string) =>
    rooms.find((candidate) => candidate.id === id)?.name ?? id;
  const programTitle = (id: string) => {
    const found = programs.data?.find((candidate) => candidate.id === id);
    return found ? localized(found.titles) : id;
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("config.slots")}</h2>
      {rooms.length === 0 ? (
        <p className="muted">{t("config.slotsNeedRoom")}</p>
      ) : null}
      {room && program ? (
        <form onSubmit={submit} noValidate>
          <div className="form-grid">
            <Field label={t("config.room")}>
              {(props) => (
                <select
                  {...props}
                  value={room.id}
                  onChange={(event) => setRoomId(event.target.value)}
                >
                  {rooms.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("slots.program")}>
              {(props) => (
                <select
                  {...props}
                  value={program.id}
                  onChange={(event) => setProgramId(event.target.value)}
                >
                  {(programs.data ?? []).map((option) => (
                    <option key={option.id} value={option.id}>
                      {localized(option.titles)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t("config.date")}>
              {(props) => (
                <input
                  {...props}
                  type="date"
                  value={date}
                  min={todayIn(zone)}
                  onChange={(event) => setDate(event.target.value)}
                />
              )}
            </Field>
            <Field label={t("config.time")} hint={zone}>
              {(props) => (
                <input
                  {...props}
                  type="time"
                  value={time}
                  step={300}
                  onChange={(event) => setTime(event.target.value)}
                />
              )}
            </Field>
            <Field
              label={t("config.seatsOffered")}
              hint={t("config.seatsOfferedHint", { count: room.seatCount })}
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={1}
                  max={room.seatCount}
                  placeholder={String(room.seatCount)}
                  value={seatsOffered}
                  onChange={(event) => setSeatsOffered(event.target.value)}
                />
              )}
            </Field>
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={busy}>
              <Icon name="calendar" size={18} />
              {t("config.schedule")}
            </button>
          </div>
        </form>
      ) : null}
      <OutcomeAlert outcome={outcome} />
      <ErrorAlert error={slots.error} />
      {slots.data && slots.data.length > 0 ? (
        <div className="table-wrap" style={{ marginTop: "1rem" }}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("facts.when")}</th>
                <th scope="col">{t("slots.program")}</th>
                <th scope="col">{t("slots.room")}</th>
                <th scope="col">{t("config.seatsOffered")}</th>
                <th scope="col">{t("slots.state")}</th>
                <th scope="col">
                  <span className="sr-only">{t("slots.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {slots.data.map((slot) => (
                <SlotConfigRow
                  key={`${slot.id}:${slot.seatsOffered}:${slot.status}`}
                  slot={slot}
                  zone={zone}
                  now={now}
                  program={programTitle(slot.programId)}
                  room={roomName(slot.roomId)}
                  onSaved={() => {
                    setOutcome({ ok: "config.seatsChanged" });
                    slots.reload();
                  }}
                  onError={(error) => setOutcome({ error })}
                  onCancel={() => setCancelling(slot)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={cancelling !== null}
        title={t("config.cancelSlotTitle")}
        confirmLabel={t("config.cancelSlot")}
        cancelLabel={t("common.cancel")}
        danger
        busy={busy}
        onConfirm={() => {
          if (cancelling) void cancel(cancelling);
        }}
        onCancel={() => setCancelling(null)}
      >
        <p>{t("config.cancelSlotLead")}</p>
      </ConfirmDialog>
    </section>
  );
}

function SlotConfigRow({
  slot,
  zone,
  now,
  program,
  room,
  onSaved,
  onError,
  onCancel,
}: {
  slot: Slot;
  zone: string;
  now: number;
  program: string;
  room: string;
  onSaved: () => void;
  onError: (error: unknown) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [seats, setSeats] = useState(String(slot.seatsOffered));
  const start = toLocalTime(Date.parse(slot.startsAt), zone);
  const editable = slot.status === "open" && now < Date.parse(slot.startsAt);

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      await changeSeatsOffered(slot.id, Number(seats));
      onSaved();
    } catch (error) {
      onError(error);
    }
  }

  return (
    <tr>
      <th scope="row" className="mono">
        {start.date} {start.time}
      </th>
      <td>{program}</td>
      <td>{room}</td>
      <td>
        {editable ? (
          <form onSubmit={save} className="inline-form">
            <label className="sr-only" htmlFor={`seats-${slot.id}`}>
              {t("config.seatsOffered")}
            </label>
            <input
              id={`seats-${slot.id}`}
              type="number"
              min={Math.max(1, slot.bookedSeats)}
              value={seats}
              onChange={(event) => setSeats(event.target.value)}
            />
            <button
              type="submit"
              className="button button--secondary button--small"
              disabled={seats === String(slot.seatsOffered)}
            >
              {t("common.save")}
            </button>
          </form>
        ) : (
          slot.seatsOffered
        )}
        <span className="muted small">
          {" "}
          {t("config.bookedOf", { booked: slot.bookedSeats })}
        </span>
      </td>
      <td>
        <SlotStateBadge slot={slot} now={now} />
      </td>
      <td>
        {editable && slot.bookedSeats === 0 ? (
          <button
            type="button"
            className="button button--link"
            onClick={onCancel}
          >
            {t("config.cancelSlot")}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
