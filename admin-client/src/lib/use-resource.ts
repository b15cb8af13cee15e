import { useCallback, useEffect, useRef, useState } from "react";
import { isAbort } from "./api";

interface Loaded<T> {
  key: string;
  version: number;
  data?: T;
  error?: unknown;
}

export interface Resource<T> {
  /** The last answer for this key; kept while a reload runs. */
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for `key` (null: nothing to load) and loads again when the
 * key changes or `reload()` is called. A newer load aborts the older one,
 * so a slow answer never overwrites a newer one.
 */
export function useResource<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> {
  const [loaded, setLoaded] = useState<Loaded<T> | null>(null);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => setLoaded({ key, version, data }),
      (error: unknown) => {
        if (!isAbort(error)) setLoaded({ key, version, error });
      },
    );
    return () => controller.abort();
  }, [key, version]);

  const reload = useCallback(() => setVersion((value) => value + 1), []);
  const current = loaded?.key === key ? loaded : null;
  return {
    data: current?.data,
    error: current?.version === version ? current.error : undefined,
    loading: key !== null && current?.version !== version,
    reload,
  };
}
