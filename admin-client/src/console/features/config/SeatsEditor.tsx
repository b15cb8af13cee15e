import { useMutation, useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { Room } from "@shared/booking";
import { ErrorAlert, Loading } from "../../../components/common";
import { TextField } from "../../../components/form";
import { useI18n } from "../../../lib/i18n";
import { addSeats, roomQueries, seatQueries } from "./api";
import { OutcomeAlert, outcomeOf } from "./outcome";

/** A room's seat labels, and a row of new seats: prefix, from, to. */
export function SeatsEditor({ room }: { room: Room }) {
  const { t } = useI18n();
  const seats = useQuery(seatQueries.ofRoom(room.id));
  const [prefix, setPrefix] = useState("A");
  const [from, setFrom] = useState("1");
  const [to, setTo] = useState("10");
  // New seats change the room's list and its count in the rooms table.
  const add = useMutation({
    mutationFn: () =>
      addSeats(room.id, {
        prefix: prefix.trim(),
        from: Number(from),
        to: Number(to),
      }),
    meta: {
      invalidates: [
        seatQueries.ofRoom(room.id).queryKey,
        roomQueries.ofCenter(room.centerId).queryKey,
      ],
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <div>
      {seats.isLoading ? <Loading /> : null}
      <ErrorAlert error={seats.error} />
      <p className="mono small">
        {(seats.data ?? []).map((seat) => seat.label).join("  ") ||
          t("config.noSeats")}
      </p>
      <form onSubmit={submit} noValidate className="toolbar">
        <TextField
          label={t("config.seatPrefix")}
          hint={t("config.seatPrefixHint")}
          className="mono"
          maxLength={8}
          value={prefix}
          onChange={setPrefix}
        />
        <TextField
          label={t("config.seatFrom")}
          type="number"
          min={0}
          value={from}
          onChange={setFrom}
        />
        <TextField
          label={t("config.seatTo")}
          type="number"
          min={0}
          value={to}
          onChange={setTo}
        />
        <button type="submit" className="button">
          {t("config.addSeats")}
        </button>
      </form>
      <OutcomeAlert outcome={outcomeOf(add, "config.seatsAdded")} />
    </div>
  );
}
