import { useEffect, useState } from "preact/hooks";

/** The time now (ms), renewed each second while `until` is still ahead, so a countdown ticks and then stops. */
export function useNow(until: number) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (until <= Date.now()) {
      setNow(Date.now());
      return;
    }

    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (at >= until) {
        clearInterval(timer);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return now;
}

/** A wait as a clock shows it: 42 s is "0:42", 61 s "1:01" (whole seconds, rounded up so 0:00 means now). */
export const formatWait = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
};
