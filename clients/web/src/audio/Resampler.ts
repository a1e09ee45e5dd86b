/**
 * Streaming sample-rate converter for the microphone: the device's rate (48 kHz, 44.1 kHz, ...) down to the 16 kHz
 * the server hears. Band-limited interpolation with a Blackman-windowed sinc whose cutoff sits just under the output's
 * Nyquist frequency, so what the microphone picks up above 8 kHz does not fold back as noise into speech.
 *
 * Chunks of any size may be fed; the output is the same as for the whole signal at once.
 */
export class Resampler {
  private readonly step: number; // input samples per output sample
  private readonly half: number; // taps on each side of the interpolation point
  private readonly phases = 512;
  private readonly table: Float32Array; // (phases + 1) rows of 2 * half taps
  private history: Float32Array; // input samples kept from earlier chunks
  private position: number; // next output's position, in input samples, relative to history[0]

  constructor(readonly inputRate: number, readonly outputRate: number, half = 16) {
    if (inputRate <= 0 || outputRate <= 0) throw new RangeError("rates must be positive");
    this.step = inputRate / outputRate;
    this.half = half;
    const cutoff = Math.min(1, outputRate / inputRate) * 0.92; // fraction of the input's Nyquist frequency
    const taps = 2 * half;
    this.table = new Float32Array((this.phases + 1) * taps);
    for (let p = 0; p <= this.phases; p++) {
      const frac = p / this.phases;
      let sum = 0;
      for (let k = 0; k < taps; k++) {
        // Tap k weighs input sample (floor(t) - half + 1 + k) for a point t = floor(t) + frac.
        const x = k - half + 1 - frac;
        const sinc = x === 0 ? 1 : Math.sin(Math.PI * cutoff * x) / (Math.PI * cutoff * x);
        const w = blackman((x + half) / (2 * half));
        const v = cutoff * sinc * w;
        this.table[p * taps + k] = v;
        sum += v;
      }
      // Normalise each phase so a constant signal keeps its level exactly.
      for (let k = 0; k < taps; k++) this.table[p * taps + k] /= sum;
    }
    // Start with `half - 1` samples of silence before the signal, so the first output lands on input sample 0.
    this.history = new Float32Array(half - 1);
    this.position = half - 1;
  }

  /** Converts one chunk; returns the output samples that chunk completes. */
  process(input: Float32Array): Float32Array {
    const data = new Float32Array(this.history.length + input.length);
    data.set(this.history);
    data.set(input, this.history.length);
    const taps = 2 * this.half;
    const available = data.length - this.half; // an output at t needs samples up to floor(t) + half
    const count = Math.max(0, Math.ceil((available - this.position) / this.step));
    const out = new Float32Array(count);
    let t = this.position;
    for (let n = 0; n < count; n++) {
      const base = Math.floor(t);
      const frac = t - base;
      const pf = frac * this.phases;
      const p = Math.floor(pf);
      const mix = pf - p;
      const row0 = p * taps;
      const row1 = row0 + taps;
      const start = base - this.half + 1;
      let acc = 0;
      for (let k = 0; k < taps; k++) {
        const c = this.table[row0 + k] + (this.table[row1 + k] - this.table[row0 + k]) * mix;
        acc += data[start + k] * c;
      }
      out[n] = acc;
      t += this.step;
    }
    // Keep what the next outputs will still look at.
    const keepFrom = Math.max(0, Math.floor(t) - this.half + 1);
    this.history = data.slice(keepFrom);
    this.position = t - keepFrom;
    return out;
  }
}

function blackman(x: number): number {
  if (x <= 0 || x >= 1) return 0;
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * x) + 0.08 * Math.cos(4 * Math.PI * x);
}

/** Float samples (-1..1) to PCM16 little-endian, clamped. */
export function floatToPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** PCM16 little-endian bytes to float samples (-1..1). */
export function pcm16ToFloat(bytes: DataView): Float32Array {
  const n = bytes.byteLength >> 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = bytes.getInt16(i * 2, true) / 0x8000;
  return out;
}
