import { useEffect, useState } from "react";
import { fetchProgramFacts } from "../../lib/api";
import type { ProgramFacts } from "../../lib/wording";

/**
 * The public facts of the attempt's program (its kind, an assessment's
 * scale), asked once per program. Null until they arrive, or when the
 * server cannot be reached: the screens then word what they can tell
 * from the attempt itself (lib/wording.ts).
 */
export function useProgramFacts(
  programId: string | null,
  token: string,
): ProgramFacts | null {
  const [facts, setFacts] = useState<ProgramFacts | null>(null);
  useEffect(() => {
    if (!programId) return;
    let cancelled = false;
    fetchProgramFacts(programId, token).then(
      (fetched) => {
        if (!cancelled) setFacts(fetched);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [programId, token]);
  return facts?.programId === programId ? facts : null;
}
