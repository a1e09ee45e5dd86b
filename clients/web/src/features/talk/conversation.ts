import { api, conversationUrl } from "../../api/http";
import { AudioEngine } from "../../audio/AudioEngine";
import { ConversationClient, type ConnectionStatus } from "../../protocol/ConversationClient";
import type { ServerEvent } from "../../protocol/wire";

export interface Line {
  key: string;
  who: "you" | "waqup" | "note";
  text: string;
}

export interface ConversationView {
  status: ConnectionStatus;
  state: string;
  credits: number | null;
  lines: Line[];
  /** What the recogniser hears so far of the utterance being spoken. */
  partial: string | null;
  micOn: boolean;
  hearing: boolean;
  playing: boolean;
  notice: string | null;
}

/**
 * One conversation for the signed-in person: the socket, the speaker and the microphone, and what the Talk page
 * shows. It lives as long as the sign-in, so the assistant keeps talking while the person looks at the library.
 */
export class Conversation {
  private readonly client: ConversationClient;
  private view: ConversationView = {
    status: "connecting",
    state: "greeting",
    credits: null,
    lines: [],
    partial: null,
    micOn: false,
    hearing: false,
    playing: false,
    notice: null,
  };
  private listeners = new Set<() => void>();
  private cancelling = false;
  private lineNo = 0;
  private readonly unlisten: () => void;

  constructor(readonly audio: AudioEngine) {
    this.client = new ConversationClient({
      url: conversationUrl,
      onEvent: (e) => this.handle(e),
      onAudio: (seq, pcm) => this.audio.frame(seq, pcm),
      onStatus: (status) => this.update({ status }),
      // The upgrade is refused without telling why; a REST call does tell, and a 401 there signs out.
      onRepeatedFailure: () => void api("/v1/me").catch(() => undefined),
    });
    this.unlisten = this.audio.onChange(() => this.update({ playing: this.audio.counters.playing }));
  }

  start(): void {
    this.client.start();
  }

  stop(): void {
    this.client.stop();
    this.unlisten();
    this.audio.stopMic();
    this.audio.drop();
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  snapshot = (): ConversationView => this.view;

  say(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.audio.unlock();
    this.addLine("you", trimmed);
    this.client.send({ type: "user.text", text: trimmed });
  }

  confirm(accept: boolean): void {
    this.audio.unlock();
    this.client.send({ type: "user.confirm", accept });
  }

  cancel(): void {
    this.cancelling = true;
    this.audio.drop(true);
    this.client.send({ type: "response.cancel" });
  }

  async toggleMic(): Promise<void> {
    this.audio.unlock();
    if (this.audio.micOn) {
      this.audio.stopMic();
      this.update({ micOn: false, hearing: false, partial: null });
      return;
    }
    try {
      await this.audio.startMic((pcm) => this.client.sendAudio(pcm));
      this.update({ micOn: true, notice: null });
    } catch (e) {
      const denied = e instanceof DOMException && (e.name === "NotAllowedError" || e.name === "SecurityError");
      this.update({
        micOn: false,
        notice: denied ? "The microphone is blocked. Allow it in your browser to talk by voice." : "The microphone could not start.",
      });
    }
  }

  private handle(e: ServerEvent): void {
    switch (e.type) {
      case "session.ready":
        this.audio.setSampleRate(e.sample_rate);
        this.update({ state: e.state, credits: e.credits.balance, notice: null });
        break;
      case "state.changed":
        this.update({ state: e.state });
        break;
      case "assistant.text.delta":
        this.appendAssistant(e.response_id, e.text, false);
        break;
      case "assistant.text.done":
        this.appendAssistant(e.response_id, e.text, true);
        break;
      case "audio.start":
        this.cancelling = false;
        this.audio.responseStarted(e.response_id, this.view.state);
        break;
      case "audio.done":
        this.audio.responseEnded();
        break;
      case "response.cancelled":
        this.cancelling = false;
        this.audio.drop(false);
        break;
      case "credits.updated":
        this.update({ credits: e.balance });
        break;
      case "ritual.created":
        this.addLine("note", `Saved to your library: ${e.title}`);
        break;
      case "user.transcript":
        if (!e.final) this.update({ partial: e.text || null });
        else {
          this.update({ partial: null });
          if (e.text) this.addLine("you", e.text);
        }
        break;
      case "input_audio.speech_started":
        this.update({ hearing: true });
        break;
      case "input_audio.speech_stopped":
        this.update({ hearing: false });
        break;
      case "error":
        if (this.cancelling && e.code === "invalid_state") {
          // Nothing was left to stop (or the ritual had been heard in full): the cancel is over.
          this.cancelling = false;
          this.audio.unmute();
          break;
        }
        if (e.code === "unauthorized") break;
        this.update({ notice: friendly(e.code, e.message) });
        break;
      case "session.reconnect":
        this.update({ notice: null });
        break;
    }
  }

  private appendAssistant(responseId: string, text: string, done: boolean): void {
    const lines = this.view.lines.slice();
    const i = lines.findIndex((l) => l.key === responseId);
    if (i < 0) lines.push({ key: responseId, who: "waqup", text });
    else lines[i] = { ...lines[i], text: done ? text : lines[i].text + text };
    this.update({ lines });
  }

  private addLine(who: Line["who"], text: string): void {
    this.update({ lines: [...this.view.lines, { key: `l${++this.lineNo}`, who, text }] });
  }

  private update(patch: Partial<ConversationView>): void {
    this.view = { ...this.view, ...patch };
    for (const fn of this.listeners) fn();
  }
}

function friendly(code: string, message: string): string {
  switch (code) {
    case "insufficient_credits":
      return "You do not have enough credits for that one.";
    case "rate_limited":
      return "That was a lot at once. Take a breath and try again.";
    case "overloaded":
    case "provider_unavailable":
      return "waQup is busy right now. Please try again in a moment.";
    default:
      return message;
  }
}
