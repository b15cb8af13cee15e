import type { NetworkToday } from "@shared/network";
import { api } from "../../lib/api";

/** Every center's day (network scope only; others get out_of_scope). */
export const getNetworkToday = (signal?: AbortSignal) =>
  api.get<NetworkToday>("/network/today", { signal });
