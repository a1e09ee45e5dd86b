import { describe, expect, it } from "vitest";
import { floatToPcm16, pcm16ToFloat, Resampler } from "./Resampler";

function tone(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

function rms(x: Float32Array): number {
  let s = 0;
  for (const v of x) s += v * v;
  return Math.sqrt(s / x.length);
}

/** The error against the ideal tone at the output rate, ignoring the filter's start-up at each end. */
function errorAgainstIdeal(out: Float32Array, freq: number, rate: number, amp = 0.5): number {
  let worst = 0;
  for (let n = 64; n < out.length - 64; n++) {
    worst = Math.max(worst, Math.abs(out[n] - amp * Math.sin((2 * Math.PI * freq * n) / rate)));
  }
  return worst;
}

describe("Resampler", () => {
  for (const inputRate of [48000, 44100]) {
    it(`turns ${inputRate} Hz into 16 kHz with the tone's shape and level intact`, () => {
      const r = new Resampler(inputRate, 16000);
      const out = r.process(tone(440, inputRate, 1));
      expect(Math.abs(out.length - 16000)).toBeLessThanOrEqual(16);
      expect(errorAgainstIdeal(out, 440, 16000)).toBeLessThan(0.01);
    });

    it(`from ${inputRate} Hz gives the same output whatever the chunk sizes`, () => {
      const input = tone(1000, inputRate, 0.5);
      const whole = new Resampler(inputRate, 16000).process(input);
      const chunked = new Resampler(inputRate, 16000);
      const parts: number[] = [];
      let at = 0;
      const sizes = [128, 1, 441, 128, 1000, 37];
      for (let i = 0; at < input.length; i++) {
        const n = sizes[i % sizes.length];
        parts.push(...chunked.process(input.subarray(at, at + n)));
        at += n;
      }
      expect(parts.length).toBe(whole.length);
      for (let i = 0; i < whole.length; i++) expect(parts[i]).toBeCloseTo(whole[i], 5);
    });

    it(`from ${inputRate} Hz removes what lies above 8 kHz instead of folding it into speech`, () => {
      const out = new Resampler(inputRate, 16000).process(tone(12000, inputRate, 0.5));
      expect(rms(out.subarray(64, out.length - 64))).toBeLessThan(0.005); // the tone had an RMS of 0.35
    });
  }

  it("keeps a constant level exactly", () => {
    const out = new Resampler(44100, 16000).process(new Float32Array(4410).fill(0.25));
    for (let n = 32; n < out.length - 32; n++) expect(out[n]).toBeCloseTo(0.25, 5);
  });

  it("converts to PCM16 and back, clamping what is out of range", () => {
    const pcm = floatToPcm16(new Float32Array([0, 0.5, -0.5, 1, -1, 2, -2]));
    expect(Array.from(pcm)).toEqual([0, 16384, -16384, 32767, -32768, 32767, -32768]);
    const back = pcm16ToFloat(new DataView(pcm.buffer));
    expect(back[1]).toBeCloseTo(0.5, 4);
    expect(back[4]).toBe(-1);
  });
});
