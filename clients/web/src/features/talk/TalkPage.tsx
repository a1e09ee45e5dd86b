import { useEffect, useRef, useState, useSyncExternalStore, type FormEvent } from "react";
import type { Conversation } from "./conversation";

const STATE_WORDS: Record<string, string> = {
  greeting: "Saying hello",
  listening: "Listening",
  clarifying: "A question for you",
  confirming: "Waiting for your answer",
  generating: "Writing your ritual",
  speaking: "Speaking",
  reviewing: "Saved to your library",
  ended: "Session ended",
};

export function TalkPage({ conversation }: { conversation: Conversation }) {
  const view = useSyncExternalStore(conversation.subscribe, conversation.snapshot);
  const [text, setText] = useState("");
  const logRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [view.lines, view.partial]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    conversation.say(text);
    setText("");
  };

  const confirming = view.state === "confirming";
  const busy = view.state === "generating" || view.state === "speaking" || view.playing;
  const status =
    view.status === "reconnecting" ? "Reconnecting…" : view.status === "closed" ? "Disconnected" : view.status === "connecting" ? "Connecting…" : STATE_WORDS[view.state] ?? view.state;

  return (
    <section className="page talk" aria-labelledby="talk-title">
      <header className="talk-head">
        <div>
          <h1 id="talk-title" className="visually-hidden">
            Talk
          </h1>
          <p className={`talk-state state-${view.status === "open" ? view.state : view.status}`} aria-live="polite">
            <span className="breath" aria-hidden="true" />
            {status}
          </p>
        </div>
        {view.credits !== null && <p className="pill">{view.credits} credits</p>}
      </header>

      <div className="transcript" role="log" aria-label="Conversation" ref={logRef} tabIndex={0}>
        {view.lines.length === 0 && !view.partial && (
          <p className="hint">Say what you need today: a calm start, confidence for a talk, a rest before sleep.</p>
        )}
        {view.lines.map((line) => (
          <p key={line.key} className={`line line-${line.who}`}>
            {line.who !== "note" && <span className="visually-hidden">{line.who === "you" ? "You: " : "waQup: "}</span>}
            {line.text}
          </p>
        ))}
        {view.partial && (
          <p className="line line-you line-partial">
            <span className="visually-hidden">You (still speaking): </span>
            {view.partial}
          </p>
        )}
      </div>

      {view.notice && (
        <p className="notice" role="status">
          {view.notice}
        </p>
      )}

      <div className={`answer ${confirming ? "answer-open" : ""}`} role="group" aria-label="Your answer">
        <button type="button" className="btn btn-primary" disabled={!confirming} onClick={() => conversation.confirm(true)}>
          Yes
        </button>
        <button type="button" className="btn" disabled={!confirming} onClick={() => conversation.confirm(false)}>
          No
        </button>
      </div>

      <div className="controls">
        <button
          type="button"
          className={`mic ${view.micOn ? "mic-on" : ""} ${view.hearing ? "mic-hearing" : ""}`}
          aria-pressed={view.micOn}
          aria-label="Microphone"
          onClick={() => void conversation.toggleMic()}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true" width="30" height="30">
            <path d="M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3Z" fill="currentColor" />
            <path d="M6 11a6 6 0 0 0 12 0M12 17v4M9 21h6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
        <p className="mic-label" aria-hidden="true">
          {view.micOn ? (view.hearing ? "Hearing you" : "Listening") : "Tap to talk"}
        </p>
        <button type="button" className="btn btn-quiet stop" disabled={!busy} onClick={() => conversation.cancel()}>
          <svg viewBox="0 0 24 24" aria-hidden="true" width="14" height="14">
            <rect x="6" y="6" width="12" height="12" rx="2" fill="currentColor" />
          </svg>
          Stop
        </button>
      </div>

      <form className="compose" onSubmit={submit}>
        <label htmlFor="message" className="visually-hidden">
          Message
        </label>
        <input
          id="message"
          type="text"
          autoComplete="off"
          placeholder="Or type here…"
          value={text}
          maxLength={4000}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-primary">
          Send
        </button>
      </form>
    </section>
  );
}
