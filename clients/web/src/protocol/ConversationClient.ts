import type { ClientEvent, ServerEvent, SessionStartCommand } from "./wire";

/** The part of a WebSocket this client uses, so the tests can hand it a fake one. */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed";

export interface ConversationClientOptions {
  /** The socket's URL, asked again on every attempt (the token may have changed). */
  url: () => string;
  openSocket?: (url: string) => SocketLike;
  onEvent: (event: ServerEvent) => void;
  /** One audio frame, never one the client already had. */
  onAudio: (seq: number, pcm: DataView) => void;
  onStatus?: (status: ConnectionStatus) => void;
  /** Called when attempts keep failing before the socket opens: the place to find out whether the token expired. */
  onRepeatedFailure?: () => void;
  /** How often the last audio sequence number is acknowledged. */
  ackIntervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (id: unknown) => void;
}

const OPEN = 1;

/** Reads one binary frame of the server: a 4-byte big-endian sequence number, then PCM16 LE audio. */
export function parseAudioFrame(data: ArrayBuffer): { seq: number; pcm: DataView } | null {
  if (data.byteLength < 4) return null;
  const view = new DataView(data);
  return { seq: view.getUint32(0, false), pcm: new DataView(data, 4) };
}

/** Reads one text frame of the server into an event, or null when it is not one. */
export function parseServerEvent(text: string): ServerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") return null;
  return value as ServerEvent;
}

/**
 * One conversation over the WebSocket: starts the session, keeps its resume token, resumes it after a dropped
 * connection or a `session.reconnect` (with the last audio sequence number, so nothing is heard twice), drops
 * resent audio frames, and acknowledges audio now and then rather than frame by frame.
 */
export class ConversationClient {
  private socket: SocketLike | null = null;
  private sessionId: string | null = null;
  private resumeToken: string | null = null;
  private lastSeq = 0;
  private ackedSeq = 0;
  private ready = false;
  private stopped = true;
  private attempts = 0;
  private openedThisAttempt = false;
  private reconnectTimer: unknown = null;
  private ackTimer: unknown = null;
  private pending: ClientEvent[] = [];
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (id: unknown) => void;

  constructor(private readonly options: ConversationClientOptions) {
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((id) => clearTimeout(id as ReturnType<typeof setTimeout>));
  }

  get session(): { sessionId: string | null; resumeToken: string | null; lastAudioSeq: number } {
    return { sessionId: this.sessionId, resumeToken: this.resumeToken, lastAudioSeq: this.lastSeq };
  }

  get isReady(): boolean {
    return this.ready;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
    this.scheduleAck();
  }

  /** Sends an event now, or once the session is ready again when the connection is being re-established. */
  send(event: ClientEvent): void {
    if (this.ready && this.socket && this.socket.readyState === OPEN) {
      this.socket.send(JSON.stringify(event));
    } else if (event.type !== "audio.ack") {
      this.pending.push(event);
    }
  }

  /** Microphone audio: PCM16 LE, 16 kHz, mono. Dropped while there is no ready session (it is live, not owed). */
  sendAudio(pcm: ArrayBuffer): void {
    if (this.ready && this.socket && this.socket.readyState === OPEN) this.socket.send(pcm);
  }

  /** Ends the session and closes the socket for good. */
  stop(endSession = true): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reconnectTimer !== null) this.clearTimer(this.reconnectTimer);
    if (this.ackTimer !== null) this.clearTimer(this.ackTimer);
    this.reconnectTimer = this.ackTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    if (socket) {
      if (endSession && socket.readyState === OPEN) socket.send(JSON.stringify({ type: "session.end" }));
      socket.close(1000, "bye");
    }
    this.options.onStatus?.("closed");
  }

  private open(): void {
    this.options.onStatus?.(this.sessionId ? "reconnecting" : "connecting");
    const url = this.options.url();
    const socket = this.options.openSocket ? this.options.openSocket(url) : (new WebSocket(url) as SocketLike);
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    this.openedThisAttempt = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.openedThisAttempt = true;
      const start: SessionStartCommand = { type: "session.start", audio_format: "pcm16" };
      if (this.sessionId && this.resumeToken) {
        start.session_id = this.sessionId;
        start.resume_token = this.resumeToken;
        start.last_audio_seq = this.lastSeq;
      }
      socket.send(JSON.stringify(start));
    };
    socket.onmessage = (ev) => {
      if (socket !== this.socket) return;
      if (typeof ev.data === "string") this.handleText(ev.data);
      else if (ev.data instanceof ArrayBuffer) this.handleAudio(ev.data);
    };
    socket.onclose = (ev) => {
      if (socket !== this.socket) return;
      this.handleClose(ev.code);
    };
    socket.onerror = () => {
      // A close event always follows; that is where the client decides what to do.
    };
  }

  private handleText(text: string): void {
    const event = parseServerEvent(text);
    if (!event) return;
    switch (event.type) {
      case "session.ready":
        this.sessionId = event.session_id;
        this.resumeToken = event.resume_token;
        this.ready = true;
        this.attempts = 0;
        this.options.onStatus?.("open");
        this.flushPending();
        break;
      case "error":
        if (event.code === "resume_failed") {
          // The session is gone (ended, or unknown to the cluster): the next connection starts a new one.
          this.sessionId = this.resumeToken = null;
          this.lastSeq = this.ackedSeq = 0;
        } else if (event.fatal) {
          // Another connection took this session over (or the server gave up on this one): do not fight it.
          this.options.onEvent(event);
          this.stop(false);
          return;
        }
        break;
    }
    this.options.onEvent(event);
  }

  private handleAudio(data: ArrayBuffer): void {
    const frame = parseAudioFrame(data);
    if (!frame || frame.seq <= this.lastSeq) return;
    this.lastSeq = frame.seq;
    this.options.onAudio(frame.seq, frame.pcm);
  }

  private handleClose(code: number): void {
    this.ready = false;
    this.socket = null;
    if (this.stopped) return;
    if (!this.openedThisAttempt) {
      this.attempts++;
      if (this.attempts >= 2) this.options.onRepeatedFailure?.();
    }
    // 1012 follows a session.reconnect: the node is going away and another one is ready at once.
    const delay = code === 1012 ? 0 : Math.min(5000, 250 * 2 ** Math.min(this.attempts, 5));
    this.options.onStatus?.("reconnecting");
    this.reconnectTimer = this.setTimer(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open();
    }, delay);
  }

  private flushPending(): void {
    const queued = this.pending;
    this.pending = [];
    for (const event of queued) this.send(event);
  }

  private scheduleAck(): void {
    this.ackTimer = this.setTimer(() => {
      this.ackTimer = null;
      if (this.stopped) return;
      this.ackNow();
      this.scheduleAck();
    }, this.options.ackIntervalMs ?? 500);
  }

  /** Acknowledges every frame received so far, if that is more than last time. */
  ackNow(): void {
    if (this.lastSeq > this.ackedSeq && this.ready && this.socket?.readyState === OPEN) {
      this.socket.send(JSON.stringify({ type: "audio.ack", seq: this.lastSeq }));
      this.ackedSeq = this.lastSeq;
    }
  }
}
