import { useEffect, useState } from 'react';

/** The wall clock, re-rendering every `intervalMs`: countdowns and elapsed times tick by it. */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
