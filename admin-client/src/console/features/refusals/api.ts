import type { RefusalIssued, RefusalRequest } from "@shared/refusals";
import { REQUEST_ID_HEADER } from "@shared/requests";
import { api, fetchFile, saveFile } from "../../../lib/api";

/**
 * Records a refusal. The caller keeps `requestId` for one refusal, so a
 * second click (or a repeat after a lost answer) is the same slip.
 */
export function issueRefusal(body: RefusalRequest, requestId: string) {
  return api.post<RefusalIssued>("/refusals", body, {
    headers: { [REQUEST_ID_HEADER]: requestId },
  });
}

/** Downloads a slip (`slipUrl` is `/api/v1/refusals/{id}/slip.pdf`). */
export async function downloadSlip(issued: RefusalIssued): Promise<void> {
  const file = await fetchFile(issued.slipUrl.replace(/^\/api\/v1/, ""));
  saveFile(file, `${issued.number}.pdf`);
}
