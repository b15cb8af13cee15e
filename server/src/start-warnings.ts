import type { AppContext } from "./context";
import { countDemoAccounts } from "./modules/accounts/service";
import { REMOVE_DEMO_COMMAND } from "./modules/accounts/sessions";

/**
 * What a production start warns about, each in words an operator can act
 * on: the settings a real center needs and demo leftovers in the data.
 * Outside production there is nothing to warn about: it is the demo.
 */
export async function productionWarnings(ctx: AppContext): Promise<string[]> {
  if (ctx.env.NODE_ENV !== "production") return [];
  const warnings: string[] = [];
  if (!ctx.env.PUBLIC_URL) {
    warnings.push(
      `PUBLIC_URL is not set: receipts, QR codes and links use ${ctx.publicUrl}, and session cookies are not Secure. ` +
        "Set PUBLIC_URL=https://<the center's address>.",
    );
  }
  if (!ctx.env.CERT_P12_PATH) {
    warnings.push(
      "CERT_P12_PATH is not set: documents are signed with a key Synaq generated (DATA_DIR/keys), not the center's own. " +
        "Set CERT_P12_PATH and CERT_P12_PASSPHRASE to the center's PKCS#12.",
    );
  }
  if (!ctx.env.CERT_QR_KEY_PATH) {
    warnings.push(
      "CERT_QR_KEY_PATH is not set: QR codes are signed with a key Synaq generated (DATA_DIR/keys). " +
        "Set CERT_QR_KEY_PATH to the center's Ed25519 key (PKCS#8 PEM) and back it up.",
    );
  }
  const demoAccounts = await countDemoAccounts(ctx.redis);
  if (demoAccounts > 0) {
    warnings.push(
      `${demoAccounts} demo account(s) found in the data (they cannot sign in in production). Remove them: ${REMOVE_DEMO_COMMAND}`,
    );
  }
  return warnings;
}
