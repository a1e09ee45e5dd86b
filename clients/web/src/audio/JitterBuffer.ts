/**
 * The assistant's audio between the socket and the speaker: frames kept in sequence order, each sequence number
 * played at most once (a resume resends what the client may already have), dropped at once on a cancel, and a
 * small prebuffer so that playback starts a beat after the first frame and rides out the socket's jitter.
 *
 * It is plain code with no audio API in it, so the playback worklet runs it and the unit tests drive it.
 */
export interface JitterStats {
  /** Samples written to the output while playing (silence during underruns not counted). */
  played: number;
  /** Samples buffered and not played yet. */
  buffered: number;
  /** Times the buffer ran dry in the middle of a response. */
  underruns: number;
  /** Times the buffer was dropped (a cancel). */
  drops: number;
  /** Highest sequence number accepted. */
  lastSeq: number;
}

interface Frame {
  seq: number;
  tag: number;
  samples: Float32Array;
}

export type PlayState = "idle" | "prebuffering" | "playing";

export class JitterBuffer {
  private frames: Frame[] = [];
  private head = 0; // read position inside frames[0]
  private lastRead = 0; // sequence number of the frame being read or read last
  private seenSet = new Set<number>();
  private seenFloor = 0;
  private bufferedSamples = 0;
  private highestSeq = 0;
  private ended = false;
  private state: PlayState = "idle";
  private readonly stats = { played: 0, underruns: 0, drops: 0 };
  /** Tag of the frame last read; the player reports the first sound of each tag (one tag per response). */
  currentTag = 0;

  /** @param prebufferSamples how much must be buffered before playback starts (or restarts after an underrun). */
  constructor(private readonly prebufferSamples: number) {}

  get playState(): PlayState {
    return this.state;
  }

  /** Adds one frame; false when its sequence number was seen before (a resend after a resume) or its turn has passed. */
  push(seq: number, samples: Float32Array, tag = 0): boolean {
    if (this.seen(seq)) return false;
    this.markSeen(seq);
    if (seq < this.lastRead) return false;
    // Frames arrive in order on one socket; keep them ordered anyway, so a late one still plays in its place.
    let i = this.frames.length;
    while (i > 0 && this.frames[i - 1].seq > seq) i--;
    this.frames.splice(i, 0, { seq, tag, samples });
    this.bufferedSamples += samples.length;
    if (this.state === "idle") this.state = "prebuffering";
    return true;
  }

  /** The response's last frame is in: play out what is left even if it is less than the prebuffer. */
  markEnd(): void {
    this.ended = true;
  }

  /** A new response begins: its end is not known yet. */
  markStart(): void {
    this.ended = false;
  }

  /** Drops everything buffered (a cancel); sequence numbers already seen stay seen. */
  drop(): void {
    if (this.bufferedSamples > 0) this.stats.drops++;
    this.frames = [];
    this.head = 0;
    this.bufferedSamples = 0;
    this.state = "idle";
  }

  /**
   * Fills `out` with the next samples, silence where there are none. Returns how many samples were real audio.
   */
  read(out: Float32Array): number {
    if (this.state === "prebuffering") {
      if (this.bufferedSamples >= this.prebufferSamples || (this.ended && this.bufferedSamples > 0)) {
        this.state = "playing";
      }
    }
    if (this.state !== "playing") {
      out.fill(0);
      return 0;
    }
    let written = 0;
    while (written < out.length && this.frames.length > 0) {
      const frame = this.frames[0];
      this.currentTag = frame.tag;
      this.lastRead = frame.seq;
      const n = Math.min(out.length - written, frame.samples.length - this.head);
      out.set(frame.samples.subarray(this.head, this.head + n), written);
      written += n;
      this.head += n;
      if (this.head >= frame.samples.length) {
        this.frames.shift();
        this.head = 0;
      }
    }
    this.bufferedSamples -= written;
    this.stats.played += written;
    if (written < out.length) {
      out.fill(0, written);
      if (!this.ended) this.stats.underruns++;
      this.state = this.ended ? "idle" : "prebuffering";
    }
    return written;
  }

  snapshot(): JitterStats {
    return { ...this.stats, buffered: this.bufferedSamples, lastSeq: this.highestSeq };
  }

  private seen(seq: number): boolean {
    return seq <= this.seenFloor || this.seenSet.has(seq);
  }

  private markSeen(seq: number): void {
    this.seenSet.add(seq);
    if (seq > this.highestSeq) this.highestSeq = seq;
    if (this.seenSet.size > 1024) {
      // Older numbers than a few hundred frames back can only be resends: treat them all as seen.
      this.seenFloor = this.highestSeq - 512;
      for (const s of this.seenSet) if (s <= this.seenFloor) this.seenSet.delete(s);
    }
  }
}
