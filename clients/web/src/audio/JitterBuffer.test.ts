import { describe, expect, it } from "vitest";
import { JitterBuffer } from "./JitterBuffer";

const frame = (value: number, n = 4) => new Float32Array(n).fill(value);
const readAll = (jb: JitterBuffer, blocks: number, size = 4) => {
  const out: number[] = [];
  const block = new Float32Array(size);
  for (let i = 0; i < blocks; i++) {
    jb.read(block);
    out.push(...block);
  }
  return out;
};

describe("JitterBuffer", () => {
  it("plays frames in sequence order even when they arrive out of order", () => {
    const jb = new JitterBuffer(12);
    jb.push(3, frame(0.3));
    jb.push(1, frame(0.1));
    jb.push(2, frame(0.2));
    expect(readAll(jb, 3)).toEqual([...frame(0.1), ...frame(0.2), ...frame(0.3)].map(Math.fround));
  });

  it("waits for the prebuffer before it starts, then plays through", () => {
    const jb = new JitterBuffer(8);
    const block = new Float32Array(4);
    jb.push(1, frame(0.5));
    expect(jb.read(block)).toBe(0);
    expect(jb.playState).toBe("prebuffering");
    jb.push(2, frame(0.5));
    expect(jb.read(block)).toBe(4);
    expect(jb.playState).toBe("playing");
  });

  it("ignores frames resent after a resume, so nothing is heard twice", () => {
    const jb = new JitterBuffer(4);
    for (let seq = 1; seq <= 5; seq++) jb.push(seq, frame(seq / 10));
    readAll(jb, 3); // frames 1-3 heard
    // The server resends every retained frame after last_audio_seq; the client had them all.
    for (let seq = 1; seq <= 5; seq++) expect(jb.push(seq, frame(9))).toBe(false);
    expect(jb.push(6, frame(0.6))).toBe(true);
    expect(readAll(jb, 3)).toEqual([...frame(0.4), ...frame(0.5), ...frame(0.6)].map(Math.fround));
    expect(jb.snapshot().lastSeq).toBe(6);
  });

  it("drops everything buffered at once on a cancel and plays the next response", () => {
    const jb = new JitterBuffer(4);
    for (let seq = 1; seq <= 10; seq++) jb.push(seq, frame(0.5));
    readAll(jb, 2);
    jb.drop();
    const s = jb.snapshot();
    expect(s.buffered).toBe(0);
    expect(s.drops).toBe(1);
    expect(readAll(jb, 2).every((v) => v === 0)).toBe(true);
    expect(jb.playState).toBe("idle");
    // The next response's numbers follow on; dropped ones are not played even if they come again.
    expect(jb.push(7, frame(0.5))).toBe(false);
    expect(jb.push(11, frame(0.9))).toBe(true);
    expect(readAll(jb, 1)).toEqual([...frame(0.9)].map(Math.fround));
  });

  it("outputs silence on an underrun, counts it, and prebuffers again before resuming", () => {
    const jb = new JitterBuffer(8);
    jb.push(1, frame(0.5));
    jb.push(2, frame(0.5));
    const block = new Float32Array(6);
    expect(jb.read(block)).toBe(6);
    expect(jb.read(block)).toBe(2); // runs dry half way through the block
    expect(Array.from(block.subarray(2))).toEqual([0, 0, 0, 0]);
    expect(jb.snapshot().underruns).toBe(1);
    expect(jb.playState).toBe("prebuffering");
    jb.push(3, frame(0.5));
    expect(jb.read(block)).toBe(0); // 4 buffered, less than the prebuffer of 8
    jb.push(4, frame(0.5));
    expect(jb.read(block)).toBe(6);
    expect(jb.snapshot().played).toBe(14);
  });

  it("plays out a short response after its end without counting an underrun", () => {
    const jb = new JitterBuffer(100);
    jb.markStart();
    jb.push(1, frame(0.5));
    jb.markEnd();
    const block = new Float32Array(8);
    expect(jb.read(block)).toBe(4);
    expect(jb.snapshot().underruns).toBe(0);
    expect(jb.playState).toBe("idle");
  });

  it("remembers the tag of the frame it reads, one tag per response", () => {
    const jb = new JitterBuffer(4);
    jb.push(1, frame(0.5), 7);
    jb.read(new Float32Array(4));
    expect(jb.currentTag).toBe(7);
  });
});
