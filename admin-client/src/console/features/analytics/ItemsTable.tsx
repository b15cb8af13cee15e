import { useState } from "react";
import type { ItemStatistics } from "@shared/analytics";
import { Link } from "../../../components/common";
import { formatUnit } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import { appealsOfItemPath } from "./api";
import { decimal, percent } from "./figures";

/** Item statistics, flagged items first, each flagged one linked to its appeals. */
export function ItemsTable({
  items,
  sectionTitle,
}: {
  items: ItemStatistics[];
  sectionTitle: (sectionId: string) => string;
}) {
  const { t, language } = useI18n();
  const [flaggedOnly, setFlaggedOnly] = useState(false);
  const shown = (
    flaggedOnly ? items.filter((item) => item.flags.length > 0) : items
  )
    .slice()
    .sort(
      (a, b) =>
        b.flags.length - a.flags.length || a.itemId.localeCompare(b.itemId),
    );
  return (
    <>
      <label className="analytics__check no-print">
        <input
          type="checkbox"
          checked={flaggedOnly}
          onChange={(event) => setFlaggedOnly(event.target.checked)}
        />
        {t("analytics.flaggedOnly")}
      </label>
      <div className="table-wrap">
        <table className="analytics__items">
          <thead>
            <tr>
              <th scope="col">{t("analytics.item")}</th>
              <th scope="col">{t("analytics.drawn")}</th>
              <th scope="col">{t("analytics.facility")}</th>
              <th scope="col">{t("analytics.discrimination")}</th>
              <th scope="col">{t("analytics.options")}</th>
              <th scope="col">{t("analytics.omitted")}</th>
              <th scope="col">{t("analytics.timeOnItem")}</th>
              <th scope="col">{t("analytics.flags")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr
                key={item.itemId}
                data-item={item.itemId}
                data-flagged={item.flags.length > 0 ? "true" : undefined}
              >
                <th scope="row">
                  {item.itemId}
                  <span className="analytics__section-name">
                    {sectionTitle(item.sectionId)}
                  </span>
                </th>
                <td>{item.drawn}</td>
                <td>{percent(item.facility)}</td>
                <td>{decimal(item.discrimination)}</td>
                <td>
                  <ul className="analytics__options">
                    {item.optionShares.map((option) => (
                      <li key={option.optionId}>
                        <span
                          className={option.key ? "analytics__key" : undefined}
                        >
                          {option.optionId}
                          {option.key ? ` (${t("analytics.key")})` : ""}
                        </span>{" "}
                        {percent(option.share)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td>{percent(item.omitted)}</td>
                <td>
                  {item.meanTimeMs === null
                    ? "—"
                    : formatUnit(
                        Math.round(item.meanTimeMs / 1000),
                        "second",
                        language,
                      )}
                </td>
                <td>
                  {item.voided ? (
                    <span className="badge badge--neutral">
                      {t("analytics.voided")}
                    </span>
                  ) : null}
                  {item.flags.map((flag) => (
                    <span key={flag} className="badge badge--warning">
                      {t(`analytics.flag.${flag}`)}
                    </span>
                  ))}
                  {item.flags.length > 0 ? (
                    <Link
                      to={appealsOfItemPath(item.itemId)}
                      className="analytics__appeals no-print"
                    >
                      {t("analytics.appeals")}
                    </Link>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
