import { useMutation } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { RoomInput, type Center, type Room } from "@shared/booking";
import { ErrorAlert } from "../../../components/common";
import { HiddenHeader } from "../../../components/DataTable";
import { TextField } from "../../../components/form";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { createRoom, renameRoom, roomQueries, type RoomNames } from "./api";
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
  const [names, setNames] = useState<RoomNames>(EMPTY_NAMES);
  const [openRoom, setOpenRoom] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (roomNames: RoomNames) => createRoom(center.id, roomNames),
    meta: { invalidates: [roomQueries.ofCenter(center.id).queryKey] },
    onSuccess: () => setNames(EMPTY_NAMES),
  });
  const valid = RoomInput.safeParse({ names }).success;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (valid) create.mutate(names);
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
        <NameFields names={names} onChange={setNames} />
        <button type="submit" className="button" disabled={!valid}>
          <Icon name="plus" size={18} />
          {t("config.addRoom")}
        </button>
      </form>
      <p className="muted small">{t("places.roomNamesHint")}</p>
      <OutcomeAlert outcome={outcomeOf(create, "config.roomCreated")} />
    </section>
  );
}

const EMPTY_NAMES: RoomNames = { kk: "", ru: "", en: "" };

/** A room's name in Kazakh, Russian and English. */
function NameFields({
  names,
  onChange,
}: {
  names: RoomNames;
  onChange: (names: RoomNames) => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <TextField
        label={t("places.roomNameKk")}
        lang="kk"
        maxLength={100}
        value={names.kk}
        onChange={(kk) => onChange({ ...names, kk })}
      />
      <TextField
        label={t("places.roomNameRu")}
        lang="ru"
        maxLength={100}
        value={names.ru}
        onChange={(ru) => onChange({ ...names, ru })}
      />
      <TextField
        label={t("places.roomNameEn")}
        lang="en"
        maxLength={100}
        value={names.en}
        onChange={(en) => onChange({ ...names, en })}
      />
    </>
  );
}

/** A room's names, edited in place. */
function RenameForm({ room, onDone }: { room: Room; onDone: () => void }) {
  const { t } = useI18n();
  const [names, setNames] = useState<RoomNames>(room.names);
  const rename = useMutation({
    mutationFn: (next: RoomNames) => renameRoom(room.id, next),
    meta: { invalidates: [roomQueries.ofCenter(room.centerId).queryKey] },
    onSuccess: onDone,
  });
  const valid = RoomInput.safeParse({ names }).success;
  return (
    <form
      className="toolbar"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) rename.mutate(names);
      }}
    >
      <NameFields names={names} onChange={setNames} />
      <button type="submit" className="button" disabled={!valid}>
        {t("places.save")}
      </button>
      <button
        type="button"
        className="button button--secondary"
        onClick={onDone}
      >
        {t("places.cancel")}
      </button>
      <ErrorAlert error={rename.error} />
    </form>
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
  const { t, localized } = useI18n();
  const panelId = useId();
  const [renaming, setRenaming] = useState(false);
  return (
    <>
      <tr>
        <th scope="row">
          {renaming ? (
            <RenameForm room={room} onDone={() => setRenaming(false)} />
          ) : (
            <span
              title={`${room.names.kk} · ${room.names.ru} · ${room.names.en}`}
            >
              {localized(room.names)}
            </span>
          )}
        </th>
        <td className="num">{room.seatCount}</td>
        <td>
          {renaming ? null : (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setRenaming(true)}
            >
              {t("places.rename")}
            </button>
          )}{" "}
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
