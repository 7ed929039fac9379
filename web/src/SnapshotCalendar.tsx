import { timestampDate } from "@bufbuild/protobuf/wkt";
import { useEffect, useMemo, useState } from "preact/hooks";
import type { SnapshotSummary } from "./gen/maimai/v1/snapshot_pb";
import { displayLocale, t } from "./strings";

// A day in the reader's own zone, as a key: "2026-12-06".
const dayKey = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

/**
 * A month of days where each day with a snapshot is a button that shows that day's newest one; the others are
 * plain numbers.
 */
export function SnapshotCalendar({ list, chosen, choose }: {
  list: SnapshotSummary[];
  chosen: string;
  choose: (snapshotId: string) => void;
}) {
  // Newest first, so the first one seen on a day is that day's newest.
  const byDay = useMemo(() => {
    const days = new Map<string, { id: string; count: number }>();
    for (const s of list) {
      if (!s.takenAt) {
        continue;
      }

      const key = dayKey(timestampDate(s.takenAt));
      const day = days.get(key);
      days.set(key, day ? { ...day, count: day.count + 1 } : { id: s.id, count: 1 });
    }
    return days;
  }, [list]);

  // Opens on the chosen snapshot's month, else the newest's; only a chosen one that is in the list is marked.
  const chosenTaken = list.find((s) => s.id === chosen)?.takenAt;
  const openOn = chosenTaken ?? list[0]?.takenAt;
  const start = openOn ? timestampDate(openOn) : new Date();
  const [month, setMonth] = useState(() => new Date(start.getFullYear(), start.getMonth(), 1));
  const chosenDay = chosenTaken ? dayKey(timestampDate(chosenTaken)) : "";
  // A snapshot picked elsewhere (the list, the address) brings its month into view.
  useEffect(() => setMonth(new Date(start.getFullYear(), start.getMonth(), 1)), [chosenDay]);

  const first = month.getDay();
  const length = new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate();
  const weekdays = [...Array(7)].map((_, i) => new Date(2026, 0, 4 + i).toLocaleDateString(displayLocale(), { weekday: "narrow" }));
  const cells: number[] = [...Array<number>(first).fill(0), ...[...Array(length)].map((_, i) => i + 1)];
  const shift = (by: number) => setMonth(new Date(month.getFullYear(), month.getMonth() + by, 1));
  const title = month.toLocaleDateString(displayLocale(), { year: "numeric", month: "long" });

  return (
    <div class="calendar" role="group" aria-label={t.calendar}>
      <div class="calendar-head">
        <button type="button" class="plain" onClick={() => shift(-1)} aria-label={t.calendarPrevious}>‹</button>
        <strong aria-live="polite">{title}</strong>
        <button type="button" class="plain" onClick={() => shift(1)} aria-label={t.calendarNext}>›</button>
      </div>
      <div class="calendar-grid">
        {/* 4 January 2026 is a Sunday, so these run Sunday to Saturday, as getDay() counts. */}
        {weekdays.map((w, i) => <span key={`w${i}`} class="weekday" aria-hidden="true">{w}</span>)}
        {cells.map((day, i) => {
          if (!day) {
            return <span key={`e${i}`} />;
          }

          const date = new Date(month.getFullYear(), month.getMonth(), day);
          const snapshot = byDay.get(dayKey(date));
          if (!snapshot) {
            return <span key={day} class="day">{day}</span>;
          }

          const label = t.calendarDay(date.toLocaleDateString(displayLocale(), { dateStyle: "medium" }), snapshot.count);
          return (
            <button key={day} type="button" class="day has-snapshot" aria-label={label} title={label}
              aria-pressed={dayKey(date) === chosenDay} onClick={() => choose(snapshot.id)}>
              {day}
            </button>
          );
        })}
      </div>
    </div>
  );
}
