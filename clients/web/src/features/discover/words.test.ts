import { describe, expect, it } from "vitest";
import { formatCredits, formatLength, formatPlays, formatRating, kindWords, parsePrice, parseTags } from "./words";

describe("pack words", () => {
  it("says a price, free when it costs nothing", () => {
    expect(formatCredits(0)).toBe("Free");
    expect(formatCredits(1)).toBe("1 credit");
    expect(formatCredits(12)).toBe("12 credits");
  });

  it("says a length in seconds, minutes or hours", () => {
    expect(formatLength(45_000)).toBe("45 sec");
    expect(formatLength(60_000)).toBe("1 min");
    expect(formatLength(12 * 60_000 + 20_000)).toBe("12 min");
    expect(formatLength(65 * 60_000)).toBe("1 h 5 min");
    expect(formatLength(120 * 60_000)).toBe("2 h");
  });

  it("says a rating with one decimal, none before the first", () => {
    expect(formatRating(null)).toBeNull();
    expect(formatRating(0)).toBeNull();
    expect(formatRating(4.46)).toBe("4.5");
    expect(formatRating(5)).toBe("5.0");
  });

  it("says plays and kinds", () => {
    expect(formatPlays(1)).toBe("1 play");
    expect(formatPlays(950)).toBe("950 plays");
    expect(formatPlays(1234)).toBe("1.2k plays");
    expect(kindWords(["meditation", "affirmation", "other"])).toBe("Meditation, Affirmations, other");
  });

  it("reads tags and prices as typed", () => {
    expect(parseTags(" Sleep, calm ,#Night,sleep,, ")).toEqual(["sleep", "calm", "night"]);
    expect(parsePrice("0")).toBe(0);
    expect(parsePrice(" 15 ")).toBe(15);
    expect(parsePrice("-1")).toBeNull();
    expect(parsePrice("2.5")).toBeNull();
    expect(parsePrice("10000")).toBe(10000);
    expect(parsePrice("10001")).toBeNull();
    expect(parsePrice("")).toBeNull();
  });
});
