import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import type { Center, Room, Slot } from "@shared/booking";
import { toLocalTime, wallClockToInstant } from "@shared/time";
import { ConfirmDialog, ErrorAlert } from "../../../components/common";
import { DataTable, HiddenHeader } from "../../../components/DataTable";
import { SelectField, TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { dayStart, todayIn } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { programQueries } from "../../../lib/queries";
import { useNow } from "../../../lib/use-now";
import { slotKeys, slotQueries } from "../slots/api";
import { SlotStateBadge } from "../slots/SlotStateBadge";
import { cancelSlot, changeSeatsOffered, scheduleSlot } from "./api";
import { OutcomeAlert, type Outcome } from "./outcome";

/** How far ahead the configuration lists a center's slots. */
const LISTED_DAYS = 60;

/** A center's slots of the next weeks: schedule one, resize or cancel it. */
export function SlotsSection({
  center,
  rooms,
}: {
  center: Center;
  rooms: Room[];
}) {
  const { t, localized } = useI18n();
  const headingId = useId();
  const now = useNow();
  const zone = center.timezone;
  const programs = useQuery(programQueries.list());
  const slots = useQuery(
    slotQueries.ofCenter(center.id, {
      from: dayStart(todayIn(zone), zone),
      to: dayStart(todayIn(zone, LISTED_DAYS), zone),
    }),
  );
  const [roomId, setRoomId] = useState("");
  const [programId, setProgramId] = useState("");
  const [date, setDate] = useState(() => todayIn(zone, 7));
  const [time, setTime] = useState("10:00");
  const [seatsOffered, setSeatsOffered] = useState("");
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [cancelling, setCancelling] = useState<Slot | null>(null);
  // Every change here changes the center's slots wherever they are listed.
  const changed = {
    invalidates: [slotKeys.ofCenter(center.id)],
  };
  const schedule = useMutation({
    mutationFn: scheduleSlot,
    meta: changed,
    onSuccess: () => setOutcome({ ok: "config.slotCreated" }),
    onError: (error) => setOutcome({ error }),
  });
  const cancel = useMutation({
    mutationFn: (slot: Slot) => cancelSlot(slot.id),
    meta: changed,
    onSuccess: () => setOutcome({ ok: "config.slotCancelled" }),
    onError: (error) => setOutcome({ error }),
    onSettled: () => setCancelling(null),
  });
  const resize = useMutation({
    mutationFn: (input: { slot: Slot; seatsOffered: number }) =>
      changeSeatsOffered(input.slot.id, input.seatsOffered),
    meta: changed,
    onSuccess: () => setOutcome({ ok: "config.seatsChanged" }),
    onError: (error) => setOutcome({ error }),
  });
  const busy = schedule.isPending || cancel.isPending;

  const room = rooms.find((candidate) => candidate.id === roomId) ?? rooms[0];
  const program =
    programs.data?.find((candidate) => candidate.id === programId) ??
    programs.data?.[0];

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!room || !program) return;
    const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
    const [hour = 0, minute = 0] = time.split(":").map(Number);
    const startsAt = new Date(
      wallClockToInstant({ year, month, day, hour, minute }, zone),
    ).toISOString();
    schedule.mutate({
      roomId: room.id,
      programId: program.id,
      startsAt,
      seatsOffered: Number(seatsOffered || room.seatCount),
    });
  }

  const roomName = (id: string) => {
    const found = rooms.find((candidate) => candidate.id === id);
    return found ? localized(found.names) : id;
  };
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
            <SelectField
              label={t("config.room")}
              value={room.id}
              onChange={setRoomId}
              options={rooms.map((option) => ({
                value: option.id,
                label: localized(option.names),
              }))}
            />
            <SelectField
              label={t("slots.program")}
              value={program.id}
              onChange={setProgramId}
              options={(programs.data ?? []).map((option) => ({
                value: option.id,
                label: localized(option.titles),
              }))}
            />
            <TextField
              label={t("config.date")}
              type="date"
              value={date}
              min={todayIn(zone)}
              onChange={setDate}
            />
            <TextField
              label={t("config.time")}
              hint={zone}
              type="time"
              value={time}
              step={300}
              onChange={setTime}
            />
            <TextField
              label={t("config.seatsOffered")}
              hint={t("config.seatsOfferedHint", { count: room.seatCount })}
              type="number"
              min={1}
              max={room.seatCount}
              placeholder={String(room.seatCount)}
              value={seatsOffered}
              onChange={setSeatsOffered}
            />
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
        <div style={{ marginTop: "1rem" }}>
          <DataTable
            rows={slots.data}
            rowKey={(slot) => slot.id}
            columns={[
              {
                header: t("facts.when"),
                rowHeader: true,
                className: "mono",
                cell: (slot) => {
                  const start = toLocalTime(Date.parse(slot.startsAt), zone);
                  return `${start.date} ${start.time}`;
                },
              },
              {
                header: t("slots.program"),
                cell: (slot) => programTitle(slot.programId),
              },
              {
                header: t("slots.room"),
                cell: (slot) => roomName(slot.roomId),
              },
              {
                header: t("config.seatsOffered"),
                cell: (slot) => (
                  <SeatsOffered
                    // A fresh field once the server answered a change.
                    key={`${slot.seatsOffered}:${slot.status}`}
                    slot={slot}
                    editable={editable(slot, now)}
                    onSave={(seats) =>
                      resize.mutate({ slot, seatsOffered: seats })
                    }
                  />
                ),
              },
              {
                header: t("slots.state"),
                cell: (slot) => <SlotStateBadge slot={slot} now={now} />,
              },
              {
                header: <HiddenHeader>{t("slots.actions")}</HiddenHeader>,
                cell: (slot) =>
                  editable(slot, now) && slot.bookedSeats === 0 ? (
                    <button
                      type="button"
                      className="button button--link"
                      onClick={() => setCancelling(slot)}
                    >
                      {t("config.cancelSlot")}
                    </button>
                  ) : null,
              },
            ]}
          />
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
          if (cancelling) cancel.mutate(cancelling);
        }}
        onCancel={() => setCancelling(null)}
      >
        <p>{t("config.cancelSlotLead")}</p>
      </ConfirmDialog>
    </section>
  );
}

/** Seats can change, and a slot be cancelled, until it starts. */
const editable = (slot: Slot, now: number) =>
  slot.status === "open" && now < Date.parse(slot.startsAt);

function SeatsOffered({
  slot,
  editable,
  onSave,
}: {
  slot: Slot;
  editable: boolean;
  onSave: (seatsOffered: number) => void;
}) {
  const { t } = useI18n();
  const [seats, setSeats] = useState(String(slot.seatsOffered));

  function save(event: FormEvent) {
    event.preventDefault();
    onSave(Number(seats));
  }

  return (
    <>
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
    </>
  );
}
