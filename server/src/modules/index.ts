import type { RequestHandler, Router } from "express";
import type { AppContext } from "../context";
import { accountRoutes, sessionMiddleware } from "./accounts/routes";
import { seedDemoAccounts, type DemoSeeder } from "./demo/seed";

/**
 * The module registry: each domain module adds its REST router, principal
 * resolver, job handlers and demo seed here, in one line each.
 */
export const principalResolvers: ((ctx: AppContext) => RequestHandler)[] = [
  sessionMiddleware,
];

export const apiModules: ((ctx: AppContext) => Router)[] = [accountRoutes];

/** Demo seeders, run in order at start when SEED_DEMO is on; idempotent. */
export const demoSeeders: DemoSeeder[] = [seedDemoAccounts];
