import { useEffect, useState } from 'react';

/** The value as it was `ms` after it last changed: for queries that should wait until the user stops typing. */
export function useDebounced<T>(value: T, ms: number): T {
  const [out, setOut] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setOut(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return out;
}
