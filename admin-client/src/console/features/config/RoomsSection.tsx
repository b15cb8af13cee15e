import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { RoomInput, type Center, type Room } from "@shared/booking";
import { ErrorAlert } from "../../../components/common";
import { HiddenHeader } from "../../../components/DataTable";
import { TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { createRoom, roomQueries } from "./api";
import { OutcomeAlert, outcomeOf } from "./outcome";
import { SeatsEditor } from "./SeatsEditor";

/** A center's rooms with their seat counts; each opens its seats. */
export function RoomsSection({
  center,
  rooms,
  error,
}: {
  center: Center;
  rooms: Room[];
  error: unknown;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [name, setName] = useState("");
  const [openRoom, setOpenRoom] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (roomName: string) => createRoom(center.id, roomName),
    meta: { invalidates: [roomQueries.ofCenter(center.id).queryKey] },
    onSuccess: () => setName(""),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = RoomInput.safeParse({ name });
    if (checked.success) create.mutate(checked.data.name);
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
                  <HiddenHeader>{t("slots.actions")}</HiddenHeader>
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
        <TextField
          label={t("config.newRoom")}
          maxLength={100}
          value={name}
          onChange={setName}
        />
        <button
          type="submit"
          className="button"
          disabled={!RoomInput.safeParse({ name }).success}
        >
          <Icon name="plus" size={18} />
          {t("config.addRoom")}
        </button>
      </form>
      <OutcomeAlert outcome={outcomeOf(create, "config.roomCreated")} />
    </section>
  );
}

/** A room's row, and its seats below it once opened. */
function RoomRow({
  room,
  open,
  onToggle,
}: {
  room: Room;
  open: boolean;
  onToggle: () => void;
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
            <SeatsEditor room={room} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
