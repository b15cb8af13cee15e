import type { StaffRole } from "@shared/enums";
import type { AppContext } from "../../context";
import { findAccountByUsername } from "../accounts/repository";
import { registerAccount } from "../accounts/service";

/** Demo staff. The passwords are DEMO ONLY and printed at every start. */
export const DEMO_ACCOUNTS: { username: string; fullName: string; role: StaffRole; password: string }[] = [
  { username: "admin", fullName: "Әсел Нұрланқызы Сейітова", role: "administrator", password: "synaq-demo-admin" },
  { username: "operator", fullName: "Ерлан Қайратұлы Жұмабаев", role: "operator", password: "synaq-demo-operator" },
  { username: "manager", fullName: "Гүлнар Маратқызы Әбенова", role: "manager", password: "synaq-demo-manager" },
  { username: "reviewer", fullName: "Дәурен Серікұлы Омаров", role: "reviewer", password: "synaq-demo-reviewer" },
];

export type DemoSeeder = (ctx: AppContext) => Promise<void>;

export async function seedDemoAccounts(ctx: AppContext): Promise<void> {
  for (const account of DEMO_ACCOUNTS) {
    if (await findAccountByUsername(ctx.redis, account.username)) continue;
    // Marked, not recognised by name: a center may create its own `admin`.
    await registerAccount(ctx, account, "system:demo-seed", { demo: true });
  }
}

/**
 * Seeds the demo center on first start. Each seeder is idempotent, so a
 * seeder added in a later version runs on an existing data folder too.
 */
export async function seedDemo(ctx: AppContext, seeders: readonly DemoSeeder[]): Promise<void> {
  for (const seed of seeders) await seed(ctx);
  await ctx.redis.set("demo:seeded-at", String(Date.now()), "NX");
}
