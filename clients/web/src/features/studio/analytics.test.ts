import { describe, expect, it } from "vitest";
import { dayWindow, fillDays, niceMax, summarise, ticks } from "./analytics";

describe("creator analytics", () => {
  it("asks for the last days up to today", () => {
    expect(dayWindow(14, new Date("2026-12-04T21:30:00Z"))).toEqual({ from: "2026-11-21", to: "2026-12-04" });
    expect(dayWindow(1, new Date("2026-12-04T00:00:00Z"))).toEqual({ from: "2026-12-04", to: "2026-12-04" });
  });

  it("shows every day, quiet ones as zeros", () => {
    const days = fillDays("2026-12-01", "2026-12-03", [{ date: "2026-12-02", plays: 4, completions: 2, purchases: 1, credits_earned: 6 }]);
    expect(days.map((d) => [d.date, d.plays])).toEqual([
      ["2026-12-01", 0],
      ["2026-12-02", 4],
      ["2026-12-03", 0],
    ]);
    expect(days[1]).toMatchObject({ completions: 2, purchases: 1, credits_earned: 6 });
  });

  it("scales to a round top", () => {
    expect(niceMax([])).toBe(1);
    expect(niceMax([0, 0])).toBe(1);
    expect(niceMax([3])).toBe(5);
    expect(niceMax([7, 12])).toBe(20);
    expect(niceMax([100])).toBe(100);
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(5)).toEqual([0, 5]);
    expect(ticks(20)).toEqual([0, 10, 20]);
  });

  it("sums up the chart in one sentence", () => {
    const days = fillDays("2026-12-01", "2026-12-02", [
      { date: "2026-12-01", plays: 1, completions: 0, purchases: 0, credits_earned: 0 },
      { date: "2026-12-02", plays: 3, completions: 0, purchases: 0, credits_earned: 0 },
    ]);
    expect(summarise(days, "plays", "en-US")).toBe("4 plays in the last 2 days; the most on Dec 2 (3).");
    expect(summarise(days, "purchases", "en-US")).toBe("No purchases in the last 2 days yet.");
  });
});
