import { beforeEach, describe, expect, it } from "vitest";
import { ConversationClient, parseServerEvent, type SocketLike } from "./ConversationClient";
import type { ServerEvent } from "./wire";

class FakeSocket implements SocketLike {
  binaryType: BinaryType = "blob";
  readyState = 0;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;
  sent: (string | ArrayBufferLike | ArrayBufferView)[] = [];
  constructor(readonly url: string) {}
  send(data: string | ArrayBufferLike | ArrayBufferView) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  // The server's side:
  accept() {
    this.readyState = 1;
    this.onopen?.(new Event("open"));
  }
  event(e: object) {
    this.onmessage?.({ data: JSON.stringify(e) } as MessageEvent);
  }
  audio(seq: number, samples = 960) {
    const buf = new ArrayBuffer(4 + samples * 2);
    new DataView(buf).setUint32(0, seq, false);
    this.onmessage?.({ data: buf } as MessageEvent);
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  json(): { type: string; [k: string]: unknown }[] {
    return this.sent.filter((d): d is string => typeof d === "string").map((d) => JSON.parse(d));
  }
}

/** Timers the test runs by hand. */
class Clock {
  now = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  set = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ at: this.now + ms, fn, id });
    return id;
  };
  clear = (id: unknown) => {
    this.timers = this.timers.filter((t) => t.id !== id);
  };
  advance(ms: number) {
    const until = this.now + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const t = this.timers[0];
      if (!t || t.at > until) break;
      this.timers.shift();
      this.now = t.at;
      t.fn();
    }
    this.now = until;
  }
}

const ready = (n: number, token = `tok${n}`) => ({
  type: "session.ready",
  session_id: "ses_1",
  resume_token: token,
  state: "greeting",
  resumed: n > 1,
  audio_format: "pcm16",
  sample_rate: 24000,
  frame_ms: 40,
  credits: { balance: 10, reserved: 0 },
});

describe("ConversationClient", () => {
  let sockets: FakeSocket[];
  let events: ServerEvent[];
  let audio: number[];
  let clock: Clock;
  let client: ConversationClient;

  beforeEach(() => {
    sockets = [];
    events = [];
    audio = [];
    clock = new Clock();
    client = new ConversationClient({
      url: () => "ws://host/v1/conversation?access_token=t",
      openSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      onEvent: (e) => events.push(e),
      onAudio: (seq) => audio.push(seq),
      setTimer: clock.set,
      clearTimer: clock.clear,
    });
    client.start();
  });

  const last = () => sockets[sockets.length - 1];

  it("starts a new session and parses the server's events", () => {
    last().accept();
    expect(last().json()[0]).toEqual({ type: "session.start", audio_format: "pcm16" });
    expect(last().binaryType).toBe("arraybuffer");
    last().event(ready(1));
    last().event({ type: "state.changed", state: "listening", previous: "greeting" });
    expect(events.map((e) => e.type)).toEqual(["session.ready", "state.changed"]);
    expect(client.session.sessionId).toBe("ses_1");
  });

  it("ignores text that is not an event", () => {
    expect(parseServerEvent("not json")).toBeNull();
    expect(parseServerEvent('{"no_type": 1}')).toBeNull();
    expect(parseServerEvent("[1,2]")).toBeNull();
    expect(parseServerEvent('{"type":"credits.updated","balance":7,"reserved":3}')).toEqual({
      type: "credits.updated",
      balance: 7,
      reserved: 3,
    });
  });

  it("reads the big-endian sequence number of each audio frame", () => {
    last().accept();
    last().event(ready(1));
    last().audio(1);
    last().audio(2);
    last().audio(0x01020304);
    expect(audio).toEqual([1, 2, 0x01020304]);
  });

  it("resumes after a dropped connection with session_id, resume_token and last_audio_seq, hearing nothing twice", () => {
    last().accept();
    last().event(ready(1, "tokA"));
    for (let seq = 1; seq <= 5; seq++) last().audio(seq);
    last().drop(1006);
    expect(sockets.length).toBe(1);
    clock.advance(5000);
    expect(sockets.length).toBe(2);
    last().accept();
    expect(last().json()[0]).toEqual({
      type: "session.start",
      audio_format: "pcm16",
      session_id: "ses_1",
      resume_token: "tokA",
      last_audio_seq: 5,
    });
    last().event(ready(2, "tokB"));
    // A server that resends a little more than asked is still heard once.
    for (let seq = 4; seq <= 7; seq++) last().audio(seq);
    expect(audio).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(client.session.resumeToken).toBe("tokB");
  });

  it("reconnects at once when the server closes with 1012 after session.reconnect", () => {
    last().accept();
    last().event(ready(1));
    last().audio(1);
    last().event({ type: "session.reconnect", reason: "server_shutdown", message: "bye" });
    last().drop(1012);
    clock.advance(0);
    expect(sockets.length).toBe(2);
    last().accept();
    expect(last().json()[0]).toMatchObject({ session_id: "ses_1", resume_token: "tok1", last_audio_seq: 1 });
  });

  it("acknowledges audio every half second, with the last sequence number, and not for every frame", () => {
    last().accept();
    last().event(ready(1));
    for (let seq = 1; seq <= 30; seq++) last().audio(seq);
    expect(last().json().filter((e) => e.type === "audio.ack")).toEqual([]);
    clock.advance(500);
    expect(last().json().filter((e) => e.type === "audio.ack")).toEqual([{ type: "audio.ack", seq: 30 }]);
    clock.advance(500); // nothing new: no ack
    last().audio(31);
    clock.advance(499);
    expect(last().json().filter((e) => e.type === "audio.ack").length).toBe(1);
    clock.advance(1);
    expect(last().json().filter((e) => e.type === "audio.ack")).toEqual([
      { type: "audio.ack", seq: 30 },
      { type: "audio.ack", seq: 31 },
    ]);
  });

  it("holds user events sent while reconnecting and sends them once the session is back", () => {
    last().accept();
    last().event(ready(1));
    last().drop(1006);
    client.send({ type: "user.text", text: "hello" });
    clock.advance(5000);
    last().accept();
    expect(last().json().map((e) => e.type)).toEqual(["session.start"]);
    last().event(ready(2));
    expect(last().json()[1]).toEqual({ type: "user.text", text: "hello" });
  });

  it("starts a new session when the old one cannot be resumed", () => {
    last().accept();
    last().event(ready(1));
    last().audio(9);
    last().drop(1006);
    clock.advance(5000);
    last().accept();
    last().event({ type: "error", code: "resume_failed", message: "gone", fatal: true });
    last().drop(1008);
    clock.advance(5000);
    last().accept();
    expect(last().json()[0]).toEqual({ type: "session.start", audio_format: "pcm16" });
  });

  it("stops for good on another fatal error, and ends the session when asked", () => {
    last().accept();
    last().event(ready(1));
    last().event({ type: "error", code: "invalid_state", message: "replaced", fatal: true });
    last().drop(1008);
    clock.advance(60000);
    expect(sockets.length).toBe(1);

    client.start();
    last().accept();
    last().event(ready(1));
    client.stop();
    expect(last().json().pop()).toEqual({ type: "session.end" });
  });
});
