import type { RequestHandler, Router } from "express";
import type { AppContext } from "../context";
import { accommodationRoutes } from "./accommodations/routes";
import { accountRoutes, sessionMiddleware } from "./accounts/routes";
import { analyticsRoutes } from "./analytics/routes";
import { appealRoutes } from "./appeals/routes";
import { attemptRoutes } from "./attempts/routes";
import { kioskRoutes, kioskTokenMiddleware } from "./kiosks/routes";
import { programRoutes } from "./programs/routes";
import { reconcilerRoutes } from "./reconciler/routes";
import { rosterRoutes } from "./roster/routes";
import { slotRoutes } from "./slots/routes";
import { bookingRoutes } from "./booking/routes";
import { deskRoutes } from "./booking/desk-routes";
import { refusalRoutes } from "./refusals/routes";
import { seedDemoBooking } from "./demo/center-seed";
import { centerRoutes } from "./centers/routes";
import { certificateRoutes } from "./certificates/routes";
import { complaintRoutes } from "./complaints/routes";
import { seedDemoAccounts, type DemoSeeder } from "./demo/seed";
import { networkRoutes } from "./network/routes";
import { outageRoutes } from "./outages/routes";
import { notificationRoutes } from "./notifications/routes";

/**
 * The module registry: each domain module adds its REST router, principal
 * resolver, job handlers and demo seed here, in one line each.
 */
export const principalResolvers: ((ctx: AppContext) => RequestHandler)[] = [
  sessionMiddleware,
  kioskTokenMiddleware,
];

export const apiModules: ((ctx: AppContext) => Router)[] = [
  accountRoutes,
  programRoutes,
  kioskRoutes,
  attemptRoutes,
  centerRoutes,
  slotRoutes,
  bookingRoutes,
  deskRoutes,
  refusalRoutes,
  rosterRoutes,
  accommodationRoutes,
  certificateRoutes,
  appealRoutes,
  complaintRoutes,
  analyticsRoutes,
  reconcilerRoutes,
  networkRoutes,
  outageRoutes,
  notificationRoutes,
];

/** Demo seeders, run in order at start when SEED_DEMO is on; idempotent. */
export const demoSeeders: DemoSeeder[] = [seedDemoAccounts, seedDemoBooking];
