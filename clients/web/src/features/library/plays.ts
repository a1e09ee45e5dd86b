import { api, HttpError } from "../../api/http";

export type PlayEvent = "start" | "progress" | "complete";

/** Sends one play event; resolves to the answer's status (0 when it never arrived). */
export type PlaySend = (ritualId: string, event: PlayEvent, positionMs: number) => Promise<number>;

/** `POST /v1/plays`, as the server counts plays and rewards creators (docs/plays.md). */
export const sendPlay: PlaySend = async (ritualId, event, positionMs) => {
  try {
    const response = await api("/v1/plays", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ritual_id: ritualId, event, position_ms: positionMs }),
    });
    return response.status;
  } catch (e) {
    return e instanceof HttpError ? e.status : 0;
  }
};

/**
 * Turns what the player does into play events: a start when a ritual begins playing, progress every `everyMs` while it
 * plays and on each pause, a completion when it ends. Events go out one after another, in order; a progress the server
 * answers 409 (it knows no play under way, after a restart of it, say) starts the play again where it is. Best effort:
 * listening never waits on it.
 */
export class PlayReporter {
  private ritual: string | null = null;
  private lastSent = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: PlaySend = sendPlay,
    private readonly now: () => number = Date.now,
    private readonly everyMs = 15_000,
  ) {}

  /** Playback began (or resumed) at `seconds`; a new ritual starts a new play. */
  started(ritualId: string, seconds: number): void {
    if (ritualId === this.ritual) return;
    this.ritual = ritualId;
    this.lastSent = this.now();
    this.post(ritualId, "start", seconds);
  }

  moved(seconds: number): void {
    if (this.ritual === null || this.now() - this.lastSent < this.everyMs) return;
    this.lastSent = this.now();
    this.post(this.ritual, "progress", seconds);
  }

  paused(seconds: number): void {
    if (this.ritual !== null) this.post(this.ritual, "progress", seconds);
  }

  /** The ritual played to its end; playing it again is a new play. */
  ended(seconds: number): void {
    if (this.ritual === null) return;
    this.post(this.ritual, "complete", seconds);
    this.ritual = null;
  }

  stopped(): void {
    this.ritual = null;
  }

  /** Resolves once every event so far has been answered (for tests). */
  settled(): Promise<void> {
    return this.queue;
  }

  private post(ritualId: string, event: PlayEvent, seconds: number): void {
    const positionMs = Math.max(0, Math.round(seconds * 1000));
    this.queue = this.queue.then(async () => {
      const status = await this.send(ritualId, event, positionMs);
      if (status === 409 && event === "progress") await this.send(ritualId, "start", positionMs);
    });
  }
}
