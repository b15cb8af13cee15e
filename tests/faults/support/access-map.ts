import type { StaffRole } from "../../../server/shared/enums";

/**
 * Who may call what — the expectation the access test holds the server to
 * and the README's "Access" table is generated from. The OpenAPI document
 * says whether a route is public, for kiosks or for staff (`security`);
 * this map says which staff roles. A route missing here, or a role changed
 * on the server, fails the test.
 */
export const PRINCIPALS = [
  "anonymous",
  "kioskOther",
  "kioskOwn",
  "administrator",
  "operator",
  "manager",
  "reviewer",
  "network-manager",
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

const A = "administrator";
const O = "operator";
const M = "manager";
const R = "reviewer";
const N = "network-manager";

export const STAFF_ROUTE_ROLES: Record<string, readonly StaffRole[]> = {
  "GET /auth/session": [A, O, M, R, N],
  "POST /auth/logout": [A, O, M, R, N],
  "POST /auth/password": [A, O, M, R, N],
  "GET /accounts": [M, N],
  "POST /accounts": [M, N],
  "POST /accounts/{accountId}/reset-password": [M, N],
  "POST /accounts/{accountId}/deactivate": [M, N],
  "POST /accounts/{accountId}/reactivate": [M, N],
  "POST /kiosks/enrollment-codes": [O, M, N],
  "GET /kiosks": [A, O, M, N],
  "POST /kiosks/{kioskId}/revoke": [O, M, N],
  "POST /slots/{slotId}/admissions": [A],
  "GET /slots/{slotId}/seats": [A, O, M, N],
  "POST /slots/{slotId}/start": [A],
  "POST /slots/{slotId}/pause": [A, O],
  "POST /slots/{slotId}/resume": [A, O],
  "GET /attempts/{attemptId}": [A, O, M, R, N],
  "POST /attempts/{attemptId}/start": [A],
  "POST /attempts/{attemptId}/pause": [A, O],
  "POST /attempts/{attemptId}/resume": [A, O],
  "POST /attempts/{attemptId}/extend": [A],
  "POST /attempts/{attemptId}/submit": [A],
  "POST /attempts/{attemptId}/void": [A],
  "POST /attempts/{attemptId}/reseat": [O],
  "POST /attempts/{attemptId}/reentry": [A, O],
  "POST /attempts/{attemptId}/chain": [A],
  "POST /attempts/{attemptId}/incidents": [A, O],
  "GET /slots/{slotId}/incidents": [A, O, M, N],
  "GET /slots/{slotId}/incident-episodes": [A, O, M, N],
  "POST /slots/{slotId}/incidents/acknowledge": [A, O],
  "POST /incidents/{incidentId}/acknowledge": [A, O],
  "POST /incidents/{incidentId}/grant": [O],
  "POST /attempts/{attemptId}/sign-off": [A, O],
  "POST /slots/{slotId}/sign-off": [A, O],
  "GET /slots/{slotId}/sign-off": [A, O],
  "POST /attempts/{attemptId}/handover": [A, O],
  "POST /documents/{number}/handover": [A, O],
  "GET /slots/{slotId}/results": [A, O, M, R, N],
  "POST /centers": [M, N],
  "GET /centers/{centerId}/rooms": [A, O, M, N],
  "POST /centers/{centerId}/rooms": [M, N],
  "GET /rooms/{roomId}/seats": [A, O, M, N],
  "POST /rooms/{roomId}/seats": [M, N],
  "PUT /rooms/{roomId}/names": [M, N],
  "POST /slots": [M, N],
  "GET /centers/{centerId}/slots": [A, O, M, N],
  "PATCH /slots/{slotId}": [M, N],
  "POST /slots/{slotId}/cancel": [M, N],
  "POST /staff/bookings": [A, M, N],
  "POST /staff/bookings/find": [A, M, N],
  "POST /staff/bookings/{bookingId}/cancel": [A, M, N],
  "POST /staff/bookings/{bookingId}/move": [A, M, N],
  "POST /staff/bookings/{bookingId}/code": [A, M, N],
  "POST /refusals": [A, M, N],
  "GET /refusals": [A, M, R, N],
  "GET /refusals/{refusalId}/slip.pdf": [A, M, R, N],
  "GET /slots/{slotId}/roster": [A, O, M, N],
  "POST /slots/{slotId}/roster-imports": [A, M, N],
  "GET /roster-imports/{importId}": [A, M, N],
  "PUT /accommodations": [A, M, N],
  "POST /accommodations/lookup": [A, O, M, N],
  "POST /accommodations/remove": [A, M, N],
  "GET /configuration/keys": [M, N],
  "GET /certificates/{number}/pdf": [A, O, M, N],
  "POST /certificates/{number}/revoke": [A, M, N],
  "GET /slots/{slotId}/protocol.pdf": [A, O, M, N],
  "GET /appeals": [A, M, R, N],
  "GET /appeals/stats": [A, M, R, N],
  "GET /appeals/{appealId}": [M, R, N],
  "POST /appeals/{appealId}/review": [M, R, N],
  "POST /appeals/{appealId}/decision": [M, R, N],
  "POST /complaints": [A, M, N],
  "GET /complaints": [A, M, R, N],
  "GET /complaints/{complaintId}": [A, M, R, N],
  "POST /complaints/{complaintId}/decision": [M, R, N],
  "GET /analytics/slots/{slotId}": [A, M, N],
  "GET /analytics/slots/{slotId}/compliance": [A, M, N],
  "POST /analytics/slots/{slotId}/recompute": [M, N],
  "GET /analytics/programs/{programId}": [A, M, N],
  "GET /analytics/programs/{programId}/items": [A, M, N],
  "GET /analytics/programs/{programId}/reliability": [A, M, N],
  "GET /analytics/centers/{centerId}/compliance": [A, M, N],
  "GET /analytics/slots/{slotId}/results.csv": [A, M, N],
  "GET /analytics/programs/{programId}/items.csv": [A, M, N],
  "GET /analytics/slots/{slotId}/results.xlsx": [A, M, N],
  "GET /analytics/programs/{programId}/items.xlsx": [A, M, N],
  "GET /analytics/slots/{slotId}/archive.json": [A, M, N],
  "GET /reconciler/items": [O, M, "network-manager"],
  "POST /reconciler/items/{itemId}/retry": [O, M, "network-manager"],
  "GET /network/today": [M, N],
  "GET /outages": [A, O, M, N],
  "GET /slots/{slotId}/outage-expired": [A, O, M, N],
  "POST /slots/{slotId}/outage-expired/reopen": [A],
  "GET /notifications": [A, O, M, N],
  "POST /notifications/{messageId}/retry": [A, O, M, N],
};

/**
 * Socket events: who may connect to the namespace, and who may use the
 * event once connected. Kiosk events on an attempt are for the kiosk of the
 * attempt's seat only ("kioskOwn"); another seat's kiosk gets
 * `not_your_attempt`.
 */
export const SOCKET_EVENT_ACCESS: Record<string, readonly PrincipalName[]> = {
  "kiosk time.sync": ["kioskOther", "kioskOwn"],
  "kiosk kiosk.heartbeat": ["kioskOther", "kioskOwn"],
  "kiosk attempt.resync": ["kioskOwn"],
  "kiosk attempt.confirm": ["kioskOwn"],
  "kiosk attempt.start": ["kioskOwn"],
  "kiosk answer.save": ["kioskOwn"],
  "kiosk incident.report": ["kioskOwn"],
  "kiosk attempt.submit": ["kioskOwn"],
  "console time.sync": [A, O, M, R, N],
  "console slot.watch": [A, O, M, N],
};

/**
 * How a staff route or console event checks scope (see README, Access):
 * - `center`: its target (slot, attempt, room, seat, kiosk, incident,
 *   booking, import, document, appeal, center) must belong to a center of
 *   the caller's scope, else 403 `out_of_scope`;
 * - `center, keys`: the same, and it shows answer keys, so a manager of
 *   some centers is refused too (reviewers of a region are not);
 * - `list`: answers only with what belongs to the caller's centers;
 * - `account`: the account created or changed must serve only centers of
 *   the caller's scope (and no role above the caller's);
 * - `network`: for network-wide staff only.
 * Routes not listed act on no center (the caller's own session, programs,
 * accommodations: these belong to a person, not a center). The desk's
 * find and its changes to a person's booking (`/staff/bookings/find`,
 * `…/{bookingId}/cancel|move|code`) work at any center of the network, so
 * a squatted person gets their place back at any desk; a move lands only
 * in a slot of the caller's scope (tests/integration/desk.test.ts).
 */
export type ScopeRule =
  "center" | "center, keys" | "list" | "account" | "network";

export const SCOPE_RULES: Record<string, ScopeRule> = {
  "GET /accounts": "list",
  "POST /accounts": "account",
  "POST /accounts/{accountId}/reset-password": "account",
  "POST /accounts/{accountId}/deactivate": "account",
  "POST /accounts/{accountId}/reactivate": "account",
  "POST /kiosks/enrollment-codes": "center",
  "GET /kiosks": "list",
  "POST /kiosks/{kioskId}/revoke": "center",
  "POST /slots/{slotId}/admissions": "center",
  "GET /slots/{slotId}/seats": "center",
  "POST /slots/{slotId}/start": "center",
  "POST /slots/{slotId}/pause": "center",
  "POST /slots/{slotId}/resume": "center",
  "GET /attempts/{attemptId}": "center",
  "POST /attempts/{attemptId}/start": "center",
  "POST /attempts/{attemptId}/pause": "center",
  "POST /attempts/{attemptId}/resume": "center",
  "POST /attempts/{attemptId}/extend": "center",
  "POST /attempts/{attemptId}/submit": "center",
  "POST /attempts/{attemptId}/void": "center",
  "POST /attempts/{attemptId}/reseat": "center",
  "POST /attempts/{attemptId}/reentry": "center",
  "POST /attempts/{attemptId}/chain": "center",
  "POST /attempts/{attemptId}/incidents": "center",
  "GET /slots/{slotId}/incidents": "center",
  "GET /slots/{slotId}/incident-episodes": "center",
  "POST /slots/{slotId}/incidents/acknowledge": "center",
  "POST /incidents/{incidentId}/acknowledge": "center",
  "POST /incidents/{incidentId}/grant": "center",
  "POST /attempts/{attemptId}/sign-off": "center",
  "POST /slots/{slotId}/sign-off": "center",
  "GET /slots/{slotId}/sign-off": "center",
  "POST /attempts/{attemptId}/handover": "center",
  "POST /documents/{number}/handover": "center",
  "GET /slots/{slotId}/results": "center",
  "POST /centers": "network",
  "GET /centers/{centerId}/rooms": "center",
  "POST /centers/{centerId}/rooms": "center",
  "GET /rooms/{roomId}/seats": "center",
  "POST /rooms/{roomId}/seats": "center",
  "PUT /rooms/{roomId}/names": "center",
  "POST /slots": "center",
  "GET /centers/{centerId}/slots": "center",
  "PATCH /slots/{slotId}": "center",
  "POST /slots/{slotId}/cancel": "center",
  "POST /staff/bookings": "center",
  "POST /refusals": "center",
  "GET /refusals": "list",
  "GET /refusals/{refusalId}/slip.pdf": "center",
  "GET /slots/{slotId}/roster": "center",
  "POST /slots/{slotId}/roster-imports": "center",
  "GET /roster-imports/{importId}": "center",
  "GET /certificates/{number}/pdf": "center",
  "POST /certificates/{number}/revoke": "center",
  "GET /slots/{slotId}/protocol.pdf": "center",
  "GET /appeals": "list",
  "GET /appeals/stats": "list",
  "GET /appeals/{appealId}": "center, keys",
  "POST /appeals/{appealId}/review": "center, keys",
  "POST /appeals/{appealId}/decision": "center, keys",
  "POST /complaints": "center",
  "GET /complaints": "list",
  "GET /complaints/{complaintId}": "center",
  "POST /complaints/{complaintId}/decision": "center",
  "GET /notifications": "list",
  "POST /notifications/{messageId}/retry": "center",
  "GET /analytics/slots/{slotId}": "center",
  "GET /analytics/slots/{slotId}/compliance": "center",
  "POST /analytics/slots/{slotId}/recompute": "center",
  "GET /analytics/programs/{programId}": "list",
  "GET /analytics/programs/{programId}/items": "network",
  "GET /analytics/programs/{programId}/reliability": "network",
  "GET /analytics/centers/{centerId}/compliance": "center",
  "GET /analytics/slots/{slotId}/results.csv": "center",
  "GET /analytics/programs/{programId}/items.csv": "network",
  "GET /analytics/slots/{slotId}/results.xlsx": "center",
  "GET /analytics/programs/{programId}/items.xlsx": "network",
  "GET /analytics/slots/{slotId}/archive.json": "center",
  "GET /network/today": "network",
  "GET /outages": "list",
  "GET /slots/{slotId}/outage-expired": "center",
  "POST /slots/{slotId}/outage-expired/reopen": "center",
  "console slot.watch": "center",
};

export type Security = "public" | "kiosk" | "session";

/** Who may call a REST route: from its OpenAPI `security` and the map above. */
export function allowedFor(
  route: string,
  security: Security,
): readonly PrincipalName[] {
  if (security === "public") return PRINCIPALS;
  if (security === "kiosk") return ["kioskOther", "kioskOwn"];
  const roles = STAFF_ROUTE_ROLES[route];
  if (!roles)
    throw new Error(`${route} is a staff route missing from STAFF_ROUTE_ROLES`);
  return roles;
}

const HEADER =
  "| route | anonymous | kiosk | administrator | operator | manager | reviewer | network-manager | scope |";

/** The README's Access table (REST routes in OpenAPI order, then socket events). */
export function accessTable(
  routes: { route: string; security: Security }[],
): string {
  const mark = (allowed: readonly PrincipalName[], who: PrincipalName) =>
    allowed.includes(who) ? "✓" : "—";
  const rows = routes.map(({ route, security }) => {
    const allowed = allowedFor(route, security);
    return `| \`${route}\` | ${mark(allowed, "anonymous")} | ${mark(allowed, "kioskOwn")} | ${mark(allowed, A)} | ${mark(allowed, O)} | ${mark(allowed, M)} | ${mark(allowed, R)} | ${mark(allowed, N)} | ${SCOPE_RULES[route] ?? "—"} |`;
  });
  const events = Object.entries(SOCKET_EVENT_ACCESS).map(([event, allowed]) => {
    const [namespace, name] = event.split(" ");
    const kiosk = allowed.includes("kioskOther")
      ? "✓"
      : allowed.includes("kioskOwn")
        ? "own seat"
        : "—";
    return `| socket \`/${namespace} ${name}\` | — | ${kiosk} | ${mark(allowed, A)} | ${mark(allowed, O)} | ${mark(allowed, M)} | ${mark(allowed, R)} | ${mark(allowed, N)} | ${SCOPE_RULES[event] ?? "—"} |`;
  });
  return [
    HEADER,
    "|---|:-:|:-:|:-:|:-:|:-:|:-:|:-:|:-:|",
    ...rows,
    ...events,
  ].join("\n");
}
