import { describe, expect, it } from "vitest";
import { PlayReporter, type PlayEvent } from "./plays";

function recorder(answer: (event: PlayEvent) => number = () => 202) {
  const sent: string[] = [];
  let clock = 0;
  const reporter = new PlayReporter(
    async (ritual, event, positionMs) => {
      sent.push(`${ritual} ${event} ${positionMs}`);
      return answer(event);
    },
    () => clock,
    15_000,
  );
  return { sent, reporter, advance: (ms: number) => (clock += ms) };
}

describe("play reports", () => {
  it("starts a play, reports progress at most every 15 s and on pause, and completes at the end", async () => {
    const { sent, reporter, advance } = recorder();
    reporter.started("rit_a", 0);
    advance(5_000);
    reporter.moved(5);
    advance(10_000);
    reporter.moved(15.2);
    reporter.paused(15.4);
    reporter.started("rit_a", 15.4);
    reporter.ended(60);
    await reporter.settled();
    expect(sent).toEqual(["rit_a start 0", "rit_a progress 15200", "rit_a progress 15400", "rit_a complete 60000"]);
  });

  it("makes playing a ritual again after its end a new play", async () => {
    const { sent, reporter } = recorder();
    reporter.started("rit_a", 0);
    reporter.ended(60);
    reporter.started("rit_a", 0);
    await reporter.settled();
    expect(sent).toEqual(["rit_a start 0", "rit_a complete 60000", "rit_a start 0"]);
  });

  it("starts again where it is when the server knows no play under way", async () => {
    const { sent, reporter, advance } = recorder((event) => (event === "progress" ? 409 : 202));
    reporter.started("rit_a", 0);
    advance(20_000);
    reporter.moved(20);
    await reporter.settled();
    expect(sent).toEqual(["rit_a start 0", "rit_a progress 20000", "rit_a start 20000"]);
  });

  it("reports nothing after a stop", async () => {
    const { sent, reporter, advance } = recorder();
    reporter.started("rit_a", 0);
    reporter.stopped();
    advance(30_000);
    reporter.moved(30);
    reporter.ended(60);
    await reporter.settled();
    expect(sent).toEqual(["rit_a start 0"]);
  });
});
