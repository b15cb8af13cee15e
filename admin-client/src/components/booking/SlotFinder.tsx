import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useMemo, useState } from "react";
import { regionsOf, type Center, type PublicSlot } from "@shared/booking";
import { toLocalTime } from "@shared/time";
import { addDays, dayStart, formatDay, todayIn } from "../../lib/format";
import { useI18n } from "../../lib/i18n";
import {
  centerQueries,
  programQueries,
  publicSlotQueries,
} from "../../lib/queries";
import { ErrorAlert, Loading } from "../common";
import { SelectField, TextField } from "../form";

const SEARCH_DAYS = 30;

/** An empty list that stays the same list from render to render. */
const NONE: readonly never[] = [];

/** Slots grouped by their day in the center's zone, in order. */
function byDay(slots: readonly PublicSlot[]) {
  const days = new Map<string, PublicSlot[]>();
  for (const slot of slots) {
    const key = toLocalTime(
      Date.parse(slot.startsAt),
      slot.center.timezone,
    ).isoDate;
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  return [...days.entries()];
}

/**
 * Step 2 and 3 of booking: choose program, center and dates, then one
 * slot. The search runs again whenever a filter changes (and when the
 * flow marks the search stale, e.g. after "slot full"). Only the programs
 * in `allowed` are offered and listed; nothing until step 1 is answered.
 */
export function SlotFinder({
  allowed,
  selected,
  onSelect,
  onContinue,
}: {
  /** The programs the person may book; null: step 1 is not answered yet. */
  allowed: ReadonlySet<string> | null;
  selected: PublicSlot | null;
  onSelect: (slot: PublicSlot | null) => void;
  /** Moves on to the details form (shown once a slot is chosen). */
  onContinue: () => void;
}) {
  const { t, language, localized } = useI18n();
  // The filters as chosen; `from` and `to` are days (YYYY-MM-DD).
  const [search, setSearch] = useState(() => ({
    program: "",
    center: "",
    region: "",
    from: todayIn(),
    to: todayIn(undefined, SEARCH_DAYS),
  }));
  // Without these lists the filters fall back to what the slots name.
  const programs = useQuery(programQueries.list()).data ?? NONE;
  const centers = useQuery(centerQueries.list()).data ?? NONE;
  const answered = allowed !== null;
  // A program chosen for an earlier answer that no longer fits: any.
  const program = allowed && !allowed.has(search.program) ? "" : search.program;
  const found = useQuery({
    ...publicSlotQueries.search({
      program,
      center: search.center,
      region: search.region,
      // Whole days: from the first one's start to the end of the last.
      from: search.from ? dayStart(search.from) : undefined,
      to: search.to ? dayStart(addDays(search.to, 1)) : undefined,
    }),
    enabled: answered && allowed.size > 0,
  });
  const offered = useMemo(
    () => (found.data ?? NONE).filter((slot) => allowed?.has(slot.program.id)),
    [found.data, allowed],
  );
  const result = {
    slots: answered ? offered : NONE,
    error: answered ? found.error : null,
    // A search that cannot find anything (no program fits) is not run.
    loading: answered && allowed.size > 0 && found.isPending,
  };
  const groupName = useId();

  // A selected slot that the new search no longer lists is unselected.
  const { slots, loading } = result;
  useEffect(() => {
    if (loading || !selected) return;
    const fresh = slots.find((slot) => slot.id === selected.id);
    if (!fresh) onSelect(null);
    else if (fresh !== selected) onSelect(fresh);
  }, [slots, loading, selected, onSelect]);

  const programOptions = useMemo(() => {
    if (programs.length > 0) {
      return programs
        .filter((program) => allowed?.has(program.id))
        .map((program) => ({
          id: program.id,
          titles: program.titles,
        }));
    }
    const seen = new Map<string, PublicSlot["program"]>();
    for (const slot of result.slots) seen.set(slot.program.id, slot.program);
    return [...seen.values()];
  }, [programs, result.slots, allowed]);

  const knownCenters = useMemo(() => {
    if (centers.length > 0) return centers;
    const seen = new Map<string, Center>();
    for (const slot of result.slots) seen.set(slot.center.id, slot.center);
    return [...seen.values()];
  }, [centers, result.slots]);
  const regions = useMemo(() => regionsOf(knownCenters), [knownCenters]);
  // The centers of the chosen region (all of them without a region).
  const centerOptions = knownCenters.filter(
    (center) => !search.region || center.region?.code === search.region,
  );
  // The earliest bookable seats across the region's centers.
  const soonest = result.slots
    .filter((slot) => slot.open && slot.freeSeats > 0)
    .slice(0, 3);

  const update = (patch: Partial<typeof search>) =>
    setSearch((current) => ({ ...current, ...patch }));

  const days = byDay(result.slots);

  return (
    <>
      <section className="card" aria-labelledby={`${groupName}-filters`}>
        <h2 className="section-title" id={`${groupName}-filters`}>
          <span className="step" aria-hidden="true">
            2
          </span>
          {t("portal.step.search")}
        </h2>
        <div className="filters" role="search">
          <SelectField
            label={t("portal.program")}
            value={program}
            disabled={!answered}
            onChange={(program) => update({ program })}
            empty={t("portal.allPrograms")}
            options={programOptions.map((program) => ({
              value: program.id,
              label: localized(program.titles),
            }))}
          />
          {regions.length > 0 ? (
            <SelectField
              label={t("portal.region")}
              value={search.region}
              // A center of another region would find nothing.
              onChange={(region) => update({ region, center: "" })}
              empty={t("portal.allRegions")}
              options={regions.map((region) => ({
                value: region.code,
                label: localized(region.title),
              }))}
            />
          ) : null}
          <SelectField
            label={t("portal.center")}
            value={search.center}
            onChange={(center) => update({ center })}
            empty={t("portal.allCenters")}
            options={centerOptions.map((center) => ({
              value: center.id,
              label: localized(center.name),
            }))}
          />
          <TextField
            label={t("portal.from")}
            type="date"
            value={search.from}
            min={todayIn()}
            onChange={(from) => update({ from })}
          />
          <TextField
            label={t("portal.to")}
            type="date"
            value={search.to}
            min={search.from}
            onChange={(to) => update({ to })}
          />
        </div>
      </section>

      <CentersCard centers={centerOptions} />

      {answered && !result.loading && !result.error ? (
        <section
          className="card"
          aria-labelledby={`${groupName}-soonest`}
          data-testid="soonest-slots"
        >
          <h2 className="section-title" id={`${groupName}-soonest`}>
            {t("portal.soonest")}
          </h2>
          <p className="muted small">{t("portal.soonestLead")}</p>
          {soonest.length === 0 ? (
            <p className="empty">{t("portal.noSoonest")}</p>
          ) : (
            <ul className="slot-list">
              {soonest.map((slot) => (
                <li key={slot.id} className="soonest" data-slot={slot.id}>
                  <span>
                    <strong>
                      {slot.local.date} {slot.local.time}
                    </strong>{" "}
                    {localized(slot.program.titles)}
                    <br />
                    <span className="muted small">
                      {localized(slot.center.name)} ·{" "}
                      {localized(slot.center.address)} ·{" "}
                      {t("portal.freeSeats", { count: slot.freeSeats })}
                    </span>
                  </span>{" "}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-pressed={selected?.id === slot.id}
                    onClick={() => onSelect(slot)}
                  >
                    {t("portal.chooseSlot")}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <section
        className="card"
        aria-labelledby={`${groupName}-slots`}
        data-testid="slot-list"
      >
        <div className="card__header">
          <h2 className="section-title" id={`${groupName}-slots`}>
            <span className="step" aria-hidden="true">
              3
            </span>
            {t("portal.step.slot")}
          </h2>
          {answered && !result.loading && !result.error ? (
            <span className="muted small" role="status">
              {t("portal.slotsFound", { count: result.slots.length })}
            </span>
          ) : null}
        </div>
        {!answered ? (
          <p className="empty" data-testid="answer-first">
            {t("person.answerFirst")}
          </p>
        ) : null}
        {result.loading ? <Loading label={t("portal.searching")} /> : null}
        <ErrorAlert error={result.error} />
        {answered && allowed.size === 0 ? (
          <p className="empty">{t("person.noneSlots")}</p>
        ) : answered &&
          !result.loading &&
          !result.error &&
          result.slots.length === 0 ? (
          <p className="empty">{t("portal.noSlots")}</p>
        ) : null}
        {!result.loading && days.length > 0 ? (
          <fieldset>
            <legend className="sr-only">{t("portal.step.slot")}</legend>
            {days.map(([day, slots]) => (
              <div key={day}>
                <h3 className="slot-day">
                  {formatDay(
                    slots[0]?.startsAt ?? day,
                    language,
                    slots[0]?.center.timezone,
                  )}
                </h3>
                <ul className="slot-list">
                  {slots.map((slot) => (
                    <SlotOption
                      key={slot.id}
                      slot={slot}
                      name={groupName}
                      checked={selected?.id === slot.id}
                      onChange={() => onSelect(slot)}
                    />
                  ))}
                </ul>
              </div>
            ))}
          </fieldset>
        ) : null}
        {selected ? (
          <div className="selection-bar no-print">
            <span>
              {t("portal.selected", {
                date: selected.local.date,
                time: selected.local.time,
              })}
            </span>
            <button type="button" className="button" onClick={onContinue}>
              {t("portal.continue")}
            </button>
          </div>
        ) : null}
      </section>
    </>
  );
}

function SlotOption({
  slot,
  name,
  checked,
  onChange,
}: {
  slot: PublicSlot;
  name: string;
  checked: boolean;
  onChange: () => void;
}) {
  const { t, localized } = useI18n();
  const id = useId();
  const end = toLocalTime(Date.parse(slot.endsAt), slot.center.timezone);
  const bookable = slot.open && slot.freeSeats > 0;
  return (
    <li>
      <label className="slot-option" htmlFor={id}>
        <input
          id={id}
          type="radio"
          name={name}
          value={slot.id}
          checked={checked}
          disabled={!bookable}
          onChange={onChange}
          aria-labelledby={`${id}-time ${id}-program`}
          aria-describedby={`${id}-place ${id}-meta ${id}-seats`}
        />
        <span className="slot-option__body">
          <span className="slot-option__time" id={`${id}-time`}>
            {slot.local.time}–{end.time}{" "}
            <span className="muted small">({slot.local.utcOffset})</span>
          </span>
          <span className="slot-option__program" id={`${id}-program`}>
            {localized(slot.program.titles)}
          </span>
          <span className="slot-option__place" id={`${id}-place`}>
            {localized(slot.center.name)} · {localized(slot.room.names)}
          </span>
          <span className="slot-option__meta" id={`${id}-meta`}>
            {localized(slot.center.address)} · {t("portal.languages")}:{" "}
            {slot.languages.map((code) => t(`testLanguage.${code}`)).join(", ")}
          </span>
        </span>
        <span className="slot-option__seats" id={`${id}-seats`}>
          {!slot.open ? (
            <span className="badge badge--neutral">{t("portal.closed")}</span>
          ) : slot.freeSeats > 0 ? (
            <span className="badge badge--success">
              {t("portal.freeSeats", { count: slot.freeSeats })}
            </span>
          ) : (
            <span className="badge badge--danger">{t("portal.full")}</span>
          )}
        </span>
      </label>
    </li>
  );
}

/** The centers a search covers: where they are, their hours and access. */
function CentersCard({ centers }: { centers: readonly Center[] }) {
  const { t, localized } = useI18n();
  const headingId = useId();
  if (centers.length === 0) return null;
  return (
    <section
      className="card"
      aria-labelledby={headingId}
      data-testid="portal-centers"
    >
      <h2 className="section-title" id={headingId}>
        {t("portal.centersTitle")}
      </h2>
      <ul className="slot-list">
        {centers.map((center) => (
          <li key={center.id} data-center={center.id}>
            <strong>{localized(center.name)}</strong>
            {center.region ? (
              <span className="muted small">
                {" "}
                · {localized(center.region.title)}
              </span>
            ) : null}
            <br />
            <span>
              {t("portal.address")}: {localized(center.address)}
            </span>
            {center.schedule ? (
              <>
                <br />
                <span className="small">
                  {t("portal.hours")}: {localized(center.schedule)}
                </span>
              </>
            ) : null}
            {center.accessibility ? (
              <details>
                <summary className="small">{t("portal.accessibility")}</summary>
                <p className="small">{localized(center.accessibility)}</p>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
