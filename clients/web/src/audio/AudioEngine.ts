import playbackUrl from "./playback-worklet.ts?worker&url";
import captureUrl from "./capture-worklet.ts?worker&url";
import type { PlayerCommand, PlayerReport } from "./playback-worklet";
import { pcm16ToFloat } from "./Resampler";

/** What the player has done so far, for the page and for browser tests (`window.__waqupAudio`). */
export interface AudioCounters {
  /** Samples played. */
  played: number;
  /** Samples played that were audible. */
  nonSilent: number;
  buffered: number;
  underruns: number;
  drops: number;
  lastSeq: number;
  playing: boolean;
  contextState: AudioContextState | "none";
  /** Per response: when its audio.start arrived and when its first audible sample left the player (performance.now()). */
  responses: Record<string, { startedAt: number; stateAtStart: string; firstSoundAt?: number }>;
  micFrames: number;
  /** Counter reports received from the player (about ten a second while the context runs). */
  reports: number;
}

declare global {
  interface Window {
    __waqupAudio?: AudioCounters;
  }
}

/**
 * The page's audio: one AudioContext at the stream's rate playing the assistant through the playback worklet, and
 * the microphone through the capture worklet. Browsers let a context start only in a user gesture: call unlock()
 * from the click handlers.
 */
export class AudioEngine {
  private ctx: AudioContext | null = null;
  private node: AudioWorkletNode | null = null;
  private loading: Promise<void> | null = null;
  private sampleRate = 24000;
  private tag = 0;
  private tagToResponse = new Map<number, string>();
  private muted = false;
  private mic: { ctx: AudioContext; stream: MediaStream; node: AudioWorkletNode } | null = null;
  readonly counters: AudioCounters = {
    played: 0,
    nonSilent: 0,
    buffered: 0,
    underruns: 0,
    drops: 0,
    lastSeq: 0,
    playing: false,
    contextState: "none",
    responses: {},
    micFrames: 0,
    reports: 0,
  };
  private listeners = new Set<() => void>();

  constructor() {
    window.__waqupAudio = this.counters;
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Creates or resumes the output context; must run inside a click (or key) handler. */
  unlock(): void {
    if (!this.ctx) {
      this.ctx = new AudioContext({ sampleRate: this.sampleRate, latencyHint: "interactive" });
      this.ctx.onstatechange = () => {
        this.counters.contextState = this.ctx?.state ?? "none";
        this.emit();
      };
      this.loading = this.load(this.ctx);
    }
    if (this.ctx.state === "suspended") void this.ctx.resume();
    this.counters.contextState = this.ctx.state;
  }

  get ready(): boolean {
    return !!this.node && this.ctx?.state === "running";
  }

  /** The session's rate; a context made for another rate is replaced (the next gesture resumes it). */
  setSampleRate(rate: number): void {
    if (rate === this.sampleRate) return;
    this.sampleRate = rate;
    if (this.ctx) {
      void this.ctx.close();
      this.ctx = null;
      this.node = null;
      this.unlock();
    }
  }

  responseStarted(responseId: string, state: string): void {
    this.tag++;
    this.tagToResponse.set(this.tag, responseId);
    this.counters.responses[responseId] = { startedAt: performance.now(), stateAtStart: state };
    this.muted = false;
    this.post({ type: "start" });
  }

  responseEnded(): void {
    this.post({ type: "end" });
  }

  /** One frame of the assistant's speech (PCM16 LE). Nothing is queued while the context cannot play. */
  frame(seq: number, pcm: DataView): void {
    if (this.muted || !this.ready) return;
    const samples = pcm16ToFloat(pcm);
    this.post({ type: "frame", seq, tag: this.tag, samples }, [samples.buffer]);
  }

  /**
   * Silences what is buffered at once. With `untilCancelled`, frames that still arrive are ignored until the server
   * confirms the cancel (they belong to the response being stopped).
   */
  drop(untilCancelled = false): void {
    this.muted = untilCancelled;
    this.post({ type: "drop" });
  }

  unmute(): void {
    this.muted = false;
  }

  get micOn(): boolean {
    return this.mic !== null;
  }

  /** Starts the microphone; each 40 ms of 16 kHz PCM16 goes to `onPcm`. */
  async startMic(onPcm: (pcm: ArrayBuffer) => void): Promise<void> {
    if (this.mic) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
    const ctx = new AudioContext({ latencyHint: "interactive" });
    try {
      await ctx.audioWorklet.addModule(captureUrl);
      const source = ctx.createMediaStreamSource(stream);
      const node = new AudioWorkletNode(ctx, "waqup-capture", { numberOfInputs: 1, numberOfOutputs: 0 });
      node.port.onmessage = (ev: MessageEvent<ArrayBuffer>) => {
        this.counters.micFrames++;
        onPcm(ev.data);
      };
      source.connect(node);
      if (ctx.state === "suspended") await ctx.resume();
      this.mic = { ctx, stream, node };
    } catch (e) {
      stream.getTracks().forEach((t) => t.stop());
      void ctx.close();
      throw e;
    }
  }

  stopMic(): void {
    if (!this.mic) return;
    this.mic.node.port.onmessage = null;
    this.mic.stream.getTracks().forEach((t) => t.stop());
    void this.mic.ctx.close();
    this.mic = null;
  }

  close(): void {
    this.stopMic();
    void this.ctx?.close();
    this.ctx = null;
    this.node = null;
  }

  private async load(ctx: AudioContext): Promise<void> {
    await ctx.audioWorklet.addModule(playbackUrl);
    if (ctx !== this.ctx) return;
    const node = new AudioWorkletNode(ctx, "waqup-playback", { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [1] });
    node.port.onmessage = (ev: MessageEvent<PlayerReport>) => this.report(ev.data);
    node.connect(ctx.destination);
    this.node = node;
    this.emit();
  }

  private report(m: PlayerReport): void {
    if (m.type === "sound") {
      const id = this.tagToResponse.get(m.tag);
      const r = id ? this.counters.responses[id] : undefined;
      if (r && r.firstSoundAt === undefined) r.firstSoundAt = performance.now();
    } else {
      const c = this.counters;
      c.reports++;
      const changed = c.playing !== m.playing;
      c.played = m.played;
      c.nonSilent = m.nonSilent;
      c.buffered = m.buffered;
      c.underruns = m.underruns;
      c.drops = m.drops;
      c.lastSeq = m.lastSeq;
      c.playing = m.playing;
      if (changed) this.emit();
    }
  }

  private post(m: PlayerCommand, transfer: Transferable[] = []): void {
    this.node?.port.postMessage(m, transfer);
  }

  private emit(): void {
    for (const fn of this.listeners) fn();
  }

  /** Waits until the player is loaded (tests and the first frames of a session). */
  whenLoaded(): Promise<void> {
    return this.loading ?? Promise.resolve();
  }
}
