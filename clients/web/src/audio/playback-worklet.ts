/// <reference path="./worklet-env.d.ts" />
import { JitterBuffer } from "./JitterBuffer";

/** Messages the page sends to the player. */
export type PlayerCommand =
  | { type: "frame"; seq: number; tag: number; samples: Float32Array }
  | { type: "start" }
  | { type: "end" }
  | { type: "drop" };

/** Messages the player sends back. */
export type PlayerReport =
  | { type: "stats"; played: number; nonSilent: number; buffered: number; underruns: number; drops: number; lastSeq: number; playing: boolean }
  | { type: "sound"; tag: number; contextTime: number };

const SILENCE = 1 / 1024; // about -60 dBFS

/**
 * Plays the assistant's speech gap-free from a small jitter buffer, and reports what reaches the output: counters
 * every 100 ms, and the moment the first audible sample of each response (tag) is written.
 */
class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly buffer = new JitterBuffer(Math.round(sampleRate * 0.08));
  private nonSilent = 0;
  private soundTag = -1;
  private sinceStats = 0;

  constructor() {
    super();
    this.port.onmessage = (ev: MessageEvent<PlayerCommand>) => {
      const m = ev.data;
      switch (m.type) {
        case "frame":
          this.buffer.push(m.seq, m.samples, m.tag);
          break;
        case "start":
          this.buffer.markStart();
          break;
        case "end":
          this.buffer.markEnd();
          break;
        case "drop":
          this.buffer.drop();
          this.report();
          break;
      }
    };
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const out = outputs[0][0];
    const written = this.buffer.read(out);
    if (written > 0) {
      let audible = 0;
      for (let i = 0; i < written; i++) if (Math.abs(out[i]) > SILENCE) audible++;
      this.nonSilent += audible;
      if (audible > 0 && this.buffer.currentTag !== this.soundTag) {
        this.soundTag = this.buffer.currentTag;
        this.port.postMessage({ type: "sound", tag: this.soundTag, contextTime: currentTime } satisfies PlayerReport);
      }
    }
    for (let c = 1; c < outputs[0].length; c++) outputs[0][c].set(out);
    this.sinceStats += out.length;
    if (this.sinceStats >= sampleRate / 10) this.report();
    return true;
  }

  private report(): void {
    this.sinceStats = 0;
    const s = this.buffer.snapshot();
    this.port.postMessage({
      type: "stats",
      played: s.played,
      nonSilent: this.nonSilent,
      buffered: s.buffered,
      underruns: s.underruns,
      drops: s.drops,
      lastSeq: s.lastSeq,
      playing: this.buffer.playState === "playing",
    } satisfies PlayerReport);
  }
}

registerProcessor("waqup-playback", PlaybackProcessor);
