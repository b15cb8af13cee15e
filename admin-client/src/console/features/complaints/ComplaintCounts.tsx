import type { ComplaintCounts as Counts } from "@shared/complaints";
import { Link } from "../../../components/common";
import { useI18n } from "../../../lib/i18n";

const FIGURES = [
  "received",
  "open",
  "overdue",
  "decided",
  "upheld",
  "rejected",
  "decidedLate",
] as const;

/**
 * A center's complaints filed in the chosen period, beside its
 * service-standard compliance on the analytics screen.
 */
export function ComplaintCounts({ counts }: { counts: Counts | undefined }) {
  const { t } = useI18n();
  if (!counts) return null;
  return (
    <>
      <h3>
        <Link to="/admin/complaints">{t("complaints.counts.title")}</Link>
      </h3>
      <ul className="stats" data-testid="complaint-counts">
        {FIGURES.map((figure) => (
          <li key={figure} data-stat={figure}>
            {t(`complaints.counts.${figure}`)}:{" "}
            <strong>{counts[figure]}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}
