// The creator's per-day numbers: a window of days, every day present (the server may leave out quiet days).
import type { AnalyticsDay } from "../../protocol/marketplace";

export type Metric = "plays" | "completions" | "purchases" | "credits_earned";

export const METRICS: { key: Metric; label: string; unit: [string, string] }[] = [
  { key: "plays", label: "Plays", unit: ["play", "plays"] },
  { key: "completions", label: "Completions", unit: ["completion", "completions"] },
  { key: "purchases", label: "Purchases", unit: ["purchase", "purchases"] },
  { key: "credits_earned", label: "Credits earned", unit: ["credit earned", "credits earned"] },
];

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The last `days` days up to `today` (UTC dates, yyyy-mm-dd), as the analytics' `from` and `to`. */
export function dayWindow(days: number, today = new Date()): { from: string; to: string } {
  const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const from = new Date(to.getTime() - (days - 1) * 86_400_000);
  return { from: iso(from), to: iso(to) };
}

/** Every day from `from` to `to`, each with the server's numbers or zeros. */
export function fillDays(from: string, to: string, days: AnalyticsDay[]): AnalyticsDay[] {
  const byDate = new Map(days.map((d) => [d.date.slice(0, 10), d]));
  const out: AnalyticsDay[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) {
    const date = iso(new Date(t));
    const d = byDate.get(date);
    out.push({
      date,
      plays: d?.plays ?? 0,
      completions: d?.completions ?? 0,
      purchases: d?.purchases ?? 0,
      credits_earned: d?.credits_earned ?? 0,
    });
  }
  return out;
}

/** A round top for the chart's scale: 1, 2, 5, 10, 20, 50… at or above the largest value (at least 1). */
export function niceMax(values: number[]): number {
  const max = Math.max(1, ...values);
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** The scale's marks: 0, the middle when it is a whole number, and the top. */
export function ticks(top: number): number[] {
  return top % 2 === 0 ? [0, top / 2, top] : [0, top];
}

export function countWords(n: number, unit: [string, string]): string {
  return `${n} ${n === 1 ? unit[0] : unit[1]}`;
}

/** "Dec 3" in the reader's locale, for a yyyy-mm-dd date. */
export function shortDate(date: string, locale?: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(locale, { month: "short", day: "numeric", timeZone: "UTC" });
}

/** One sentence for the chart's description: the total and the busiest day. */
export function summarise(days: AnalyticsDay[], metric: Metric, locale?: string): string {
  const m = METRICS.find((x) => x.key === metric)!;
  const total = days.reduce((n, d) => n + d[metric], 0);
  if (total === 0) return `No ${m.unit[1]} in the last ${days.length} days yet.`;
  const best = days.reduce((a, b) => (b[metric] > a[metric] ? b : a));
  return `${countWords(total, m.unit)} in the last ${days.length} days; the most on ${shortDate(best.date, locale)} (${best[metric]}).`;
}
