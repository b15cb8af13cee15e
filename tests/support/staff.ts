import type { StaffScope } from "../../server/shared/accounts";
import type { StaffRole } from "../../server/shared/enums";
import {
  accountAuditScope,
  appendAudit,
} from "../../server/src/modules/audit/repository";
import {
  accountScope,
  createAccount,
} from "../../server/src/modules/accounts/repository";
import type { TestApp } from "./app";
import { ApiClient } from "./http";
import { TEST_STAFF_PASSWORD, testStaffPasswordHash } from "./staff-password";

/**
 * Creates a staff account (as `registerAccount` does, with the one
 * precomputed test hash) and returns a client signed in as it. Without a
 * scope the account is stored as before scopes existed (network).
 */
export async function signedInStaff(
  app: TestApp,
  role: StaffRole,
  username = `${role}-${Math.random().toString(36).slice(2, 8)}`,
  scope?: StaffScope,
) {
  const password = TEST_STAFF_PASSWORD;
  const account = await createAccount(app.synaq.ctx.redis, {
    username,
    fullName: `Test ${role}`,
    role,
    ...(scope ? { scope } : {}),
    passwordHash: await testStaffPasswordHash(),
  });
  if (!account) throw new Error(`username ${username} is taken`);
  await appendAudit(
    app.synaq.ctx.redis,
    accountAuditScope(accountScope(account)),
    {
      actor: "system",
      action: "account.created",
      subject: `account:${account.id}`,
      data: { username, role },
    },
  );
  const client = new ApiClient(app.url);
  await client.login(username, password);
  return { client, account, password };
}
