/// <reference path="./worklet-env.d.ts" />
import { floatToPcm16, Resampler } from "./Resampler";

const TARGET_RATE = 16000;
const CHUNK = TARGET_RATE / 25; // 40 ms a message

/** Takes the microphone at the context's rate and posts PCM16 LE mono at 16 kHz, 40 ms at a time. */
class CaptureProcessor extends AudioWorkletProcessor {
  private readonly resampler = new Resampler(sampleRate, TARGET_RATE);
  private pending = new Float32Array(CHUNK);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    let mono = channels[0];
    if (channels.length > 1) {
      mono = new Float32Array(mono.length);
      for (const ch of channels) for (let i = 0; i < ch.length; i++) mono[i] += ch[i] / channels.length;
    }
    const out = this.resampler.process(mono);
    let at = 0;
    while (at < out.length) {
      const n = Math.min(CHUNK - this.filled, out.length - at);
      this.pending.set(out.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === CHUNK) {
        const pcm = floatToPcm16(this.pending);
        this.port.postMessage(pcm.buffer, [pcm.buffer]);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor("waqup-capture", CaptureProcessor);
