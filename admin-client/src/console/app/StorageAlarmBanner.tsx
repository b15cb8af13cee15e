import { useI18n } from "../../lib/i18n";
import { useConsoleConnection } from "../../lib/socket";
import { Alert } from "../../components/common";

/**
 * The alarm every staff member sees, on every console screen, while the
 * server's Redis refuses writes (full) or is down (being restarted).
 */
export function StorageAlarmBanner() {
  const { t } = useI18n();
  const { storage } = useConsoleConnection();
  if (storage === "ok") return null;
  return (
    <div className="storage-alarm" data-storage={storage}>
      <Alert kind="error" title={t(`storage.${storage}.title`)}>
        <p>{t(`storage.${storage}.body`)}</p>
      </Alert>
    </div>
  );
}
