import { useQuery } from "@tanstack/react-query";
import type { DayCounts, NetworkCenterDay, StageShare } from "@shared/network";
import { toLocalTime } from "@shared/time";
import {
  ErrorAlert,
  Link,
  Loading,
  PageTitle,
} from "../../../components/common";
import { useI18n, type MessageKey } from "../../../lib/i18n";
import { networkQueries } from "./api";

const REFRESH_MS = 15_000;

const FIGURES = [
  ["today.booked", "booked"],
  ["today.admitted", "admitted"],
  ["today.testing", "testing"],
  ["today.finished", "finished"],
  ["today.noShow", "noShow"],
  ["network.incidents", "incidents"],
] as const satisfies readonly (readonly [MessageKey, keyof DayCounts])[];

/**
 * The network's day (`/admin/network`): every center's slots of today with
 * where their candidates stand and its compliance so far, refreshed every
 * 15 seconds; `/admin/network/<centerId>` drills into one center, read-only
 * (acting on a slot is for the center's own staff).
 */
export function NetworkPage({ centerId }: { centerId: string | null }) {
  const { t, language } = useI18n();
  const today = useQuery({
    ...networkQueries.today(),
    refetchInterval: REFRESH_MS,
  });

  const data = today.data;
  const updated = data
    ? new Intl.DateTimeFormat(language === "en" ? "en-GB" : language, {
        timeStyle: "medium",
      }).format(new Date(data.generatedAt))
    : null;
  const drilled = centerId
    ? data?.centers.find((day) => day.center.id === centerId)
    : undefined;

  return (
    <>
      <PageTitle>{t("network.title")}</PageTitle>
      <p className="lead">{t("network.lead")}</p>
      <div className="toolbar">
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void today.refetch()}
        >
          {today.isFetching ? (
            <span className="spinner" aria-hidden="true" />
          ) : null}
          {t("common.refresh")}
        </button>
        {updated ? (
          <span className="muted small" role="status">
            {t("network.updated", { time: updated })}
          </span>
        ) : null}
      </div>
      <ErrorAlert error={today.error} />
      {today.isLoading ? <Loading /> : null}
      {data && centerId ? (
        drilled ? (
          <CenterDay day={drilled} />
        ) : (
          <>
            <p className="empty">{t("network.unknownCenter")}</p>
            <Link to="/admin/network">{t("network.back")}</Link>
          </>
        )
      ) : null}
      {data && !centerId ? (
        <>
          <section className="card" aria-labelledby="network-total">
            <h2 id="network-total">{t("network.total")}</h2>
            <Figures counts={data.totals} />
          </section>
          {data.centers.length === 0 ? (
            <p className="empty">{t("network.noCenters")}</p>
          ) : (
            <CentersTable centers={data.centers} />
          )}
        </>
      ) : null}
    </>
  );
}

function Figures({ counts }: { counts: DayCounts }) {
  const { t } = useI18n();
  return (
    <dl className="figures">
      {FIGURES.map(([label, key]) => (
        <div key={key} data-figure={key}>
          <dt>{t(label)}</dt>
          <dd>{counts[key]}</dd>
        </div>
      ))}
    </dl>
  );
}

const percent = (share: number | null) =>
  share === null ? "—" : `${Math.round(share * 100)} %`;

/** Compliance as short text: each measured stage's share within its limit. */
function ComplianceSummary({ stages }: { stages: StageShare[] }) {
  const { t } = useI18n();
  const measured = stages.filter((stage) => stage.measured > 0);
  if (measured.length === 0) {
    return <span className="muted">{t("network.notMeasured")}</span>;
  }
  return (
    <ul className="plain-list small">
      {measured.map((stage) => (
        <li key={stage.stage}>
          {t(`analytics.stage.${stage.stage}`)}: {percent(stage.share)} (
          {stage.within}/{stage.measured})
        </li>
      ))}
    </ul>
  );
}

function CentersTable({ centers }: { centers: NetworkCenterDay[] }) {
  const { t, localized } = useI18n();
  return (
    <div className="table-wrap">
      <table data-testid="network-centers">
        <caption className="sr-only">{t("network.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("network.center")}</th>
            <th scope="col">{t("network.region")}</th>
            <th scope="col">{t("network.slots")}</th>
            {FIGURES.map(([label, key]) => (
              <th scope="col" key={key}>
                {t(label)}
              </th>
            ))}
            <th scope="col">{t("network.compliance")}</th>
          </tr>
        </thead>
        <tbody>
          {centers.map((day) => (
            <tr key={day.center.id} data-center={day.center.id}>
              <th scope="row">
                <Link
                  to={`/admin/network/${encodeURIComponent(day.center.id)}`}
                >
                  {localized(day.center.name)}
                </Link>
              </th>
              <td>
                {day.center.region ? localized(day.center.region.title) : "—"}
              </td>
              <td data-figure="slots">{day.slots.length}</td>
              {FIGURES.map(([, key]) => (
                <td key={key} data-figure={key}>
                  {day.totals[key]}
                  {key === "incidents" && day.totals.openIncidents > 0 ? (
                    <span className="badge badge--warning">
                      {t("network.openIncidents", {
                        count: day.totals.openIncidents,
                      })}
                    </span>
                  ) : null}
                </td>
              ))}
              <td>
                <ComplianceSummary stages={day.compliance} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One center's day, read-only: its slots and its compliance per stage. */
function CenterDay({ day }: { day: NetworkCenterDay }) {
  const { t, localized } = useI18n();
  const zone = day.center.timezone;
  return (
    <>
      <p>
        <Link to="/admin/network">← {t("network.back")}</Link>
      </p>
      <section
        className="card"
        aria-labelledby="network-center"
        data-center={day.center.id}
      >
        <h2 id="network-center">{localized(day.center.name)}</h2>
        <p className="muted">
          {localized(day.center.address)}
          {day.center.region ? ` · ${localized(day.center.region.title)}` : ""}
        </p>
        <p className="muted small">{t("network.readOnly")}</p>
        <Figures counts={day.totals} />
      </section>
      {day.slots.length === 0 ? (
        <p className="empty">{t("network.noSlots")}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="network-slots">
            <caption className="sr-only">{t("network.slots")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("network.time")}</th>
                <th scope="col">{t("network.program")}</th>
                <th scope="col">{t("network.room")}</th>
                <th scope="col">{t("network.seats")}</th>
                {FIGURES.map(([label, key]) => (
                  <th scope="col" key={key}>
                    {t(label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {day.slots.map((slot) => (
                <tr key={slot.id} data-slot={slot.id}>
                  <td className="mono">
                    {toLocalTime(Date.parse(slot.startsAt), zone).time}–
                    {toLocalTime(Date.parse(slot.endsAt), zone).time}
                  </td>
                  <td>{localized(slot.program.titles)}</td>
                  <td>{localized(slot.room.names)}</td>
                  <td>{slot.seatsOffered}</td>
                  {FIGURES.map(([, key]) => (
                    <td key={key} data-figure={key}>
                      {slot.counts[key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card" aria-labelledby="network-compliance">
        <h2 id="network-compliance">{t("network.compliance")}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("network.stage")}</th>
                <th scope="col">{t("network.measured")}</th>
                <th scope="col">{t("network.within")}</th>
                <th scope="col">{t("network.share")}</th>
              </tr>
            </thead>
            <tbody>
              {day.compliance.map((stage) => (
                <tr key={stage.stage}>
                  <th scope="row">{t(`analytics.stage.${stage.stage}`)}</th>
                  <td>{stage.measured}</td>
                  <td>{stage.within}</td>
                  <td>{percent(stage.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
