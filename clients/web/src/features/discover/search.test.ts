import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PackSummaryBody } from "../../protocol/marketplace";
import { appendPage, LatestOnly } from "./search";

const pack = (id: string): PackSummaryBody => ({
  pack_id: id,
  title: id,
  description: "",
  creator: { creator_id: "c", display_name: "C" },
  price_credits: 0,
  tags: [],
  kinds: ["meditation"],
  duration_ms: 60_000,
  ritual_count: 1,
  rating: null,
  plays: 0,
  published_at: null,
  owned: false,
});

describe("search as you type", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("waits while typing and asks once, for the last words", async () => {
    const runner = new LatestOnly<string>(200);
    const asked: string[] = [];
    const shown: string[] = [];
    for (const q of ["c", "ca", "cal", "calm"]) {
      runner.schedule(
        async () => {
          asked.push(q);
          return q;
        },
        (v) => shown.push(v),
        () => undefined,
      );
      await vi.advanceTimersByTimeAsync(120);
    }
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(asked).toEqual(["calm"]);
    expect(shown).toEqual(["calm"]);
  });

  it("aborts a request still running when newer words come, and never shows its late answer", async () => {
    const runner = new LatestOnly<string>(200);
    const shown: string[] = [];
    const errors: unknown[] = [];
    const signals: AbortSignal[] = [];
    const slow = (q: string, ms: number) => (signal: AbortSignal) => {
      signals.push(signal);
      // A server that does not stop when asked: the answer still comes, late.
      return new Promise<string>((resolve) => setTimeout(() => resolve(q), ms));
    };
    runner.schedule(slow("sle", 1000), (v) => shown.push(v), (e) => errors.push(e));
    await vi.advanceTimersByTimeAsync(250); // "sle" is asked
    runner.schedule(slow("sleep", 100), (v) => shown.push(v), (e) => errors.push(e));
    expect(signals[0].aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(shown).toEqual(["sleep"]);
    expect(errors).toEqual([]);
  });

  it("reports the latest request's failure, not an aborted one's", async () => {
    const runner = new LatestOnly<string>(200);
    const errors: unknown[] = [];
    runner.schedule(
      (signal) =>
        new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")))),
      () => undefined,
      (e) => errors.push(e),
      0,
    );
    runner.schedule(() => Promise.reject(new Error("down")), () => undefined, (e) => errors.push(e), 0);
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe("down");
  });

  it("cancel forgets a waiting search", async () => {
    const runner = new LatestOnly<string>(200);
    const task = vi.fn(async () => "x");
    runner.schedule(task, () => undefined, () => undefined);
    runner.cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(task).not.toHaveBeenCalled();
  });
});

describe("load more", () => {
  it("adds the next page after the shown packs, each pack once, and keeps the new cursor", () => {
    const first = [pack("a"), pack("b")];
    const next = appendPage(first, { items: [pack("b"), pack("c")], next_cursor: "cur2" });
    expect(next.items.map((p) => p.pack_id)).toEqual(["a", "b", "c"]);
    expect(next.nextCursor).toBe("cur2");
    expect(appendPage(next.items, { items: [pack("d")], next_cursor: null }).nextCursor).toBeNull();
  });
});
