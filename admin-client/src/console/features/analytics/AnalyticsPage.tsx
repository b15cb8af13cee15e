import type { StaffAccount } from "@shared/accounts";
import { PageTitle } from "../../../components/common";
import { Icon } from "../../../components/Icon";
import { useI18n } from "../../../lib/i18n";
import { navigate, useLocation } from "../../../lib/router";
import { ProgramView } from "./ProgramView";
import { SlotView } from "./SlotView";
import "./analytics.css";

/**
 * Results analytics (/admin/analytics): for a program over a period, or one
 * slot (?slot=): the score histogram with the pass threshold, pass rates,
 * item statistics with flags and links to the item's appeals, the kk/ru
 * comparison and service-standard compliance. Managers may recompute;
 * administrators only read. Printable: the controls hide on paper.
 */
export function AnalyticsPage({ account }: { account: StaffAccount }) {
  const { t } = useI18n();
  const { search } = useLocation();
  const slotId = search.get("slot");
  const setParam = (name: string, value: string | null) => {
    const params = new URLSearchParams(search);
    if (value) params.set(name, value);
    else params.delete(name);
    const query = params.toString();
    navigate(`/admin/analytics${query ? `?${query}` : ""}`, {
      replace: name !== "slot",
    });
  };
  return (
    <div className="analytics">
      <PageTitle>{t("analytics.title")}</PageTitle>
      <p className="lead">{t("analytics.lead")}</p>
      <div className="toolbar no-print">
        <button
          type="button"
          className="button button--small"
          onClick={() => window.print()}
        >
          <Icon name="print" size={18} />
          {t("analytics.print")}
        </button>
      </div>
      {account.role !== "manager" ? (
        <p className="analytics__note no-print">{t("analytics.readOnly")}</p>
      ) : null}
      {slotId ? (
        <SlotView
          slotId={slotId}
          canRecompute={account.role === "manager"}
          onBack={() => setParam("slot", null)}
        />
      ) : (
        <ProgramView search={search} setParam={setParam} />
      )}
    </div>
  );
}
