import type { StaffRole } from "../../server/shared/enums";
import { registerAccount } from "../../server/src/modules/accounts/service";
import type { TestApp } from "./app";
import { ApiClient } from "./http";

/** Creates a staff account and returns a client signed in as it. */
export async function signedInStaff(app: TestApp, role: StaffRole, username = `${role}-${Math.random().toString(36).slice(2, 8)}`) {
  const password = `pw-${username}-long-enough`;
  const account = await registerAccount(app.synaq.ctx, {
    username,
    fullName: `Test ${role}`,
    role,
    password,
  });
  const client = new ApiClient(app.url);
  await client.login(username, password);
  return { client, account, password };
}
