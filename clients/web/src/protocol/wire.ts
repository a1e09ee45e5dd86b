// The wire types of the public contract, one interface per C# record of WaQup.Abstractions (Protocol and Rest),
// snake_case as on the wire. Written by hand to the shape a generator will produce from those records: keep it so.

export interface CreditsView {
  balance: number;
  reserved: number;
}

export interface SessionReadyEvent {
  type: "session.ready";
  session_id: string;
  resume_token: string;
  state: string;
  resumed: boolean;
  audio_format: string;
  sample_rate: number;
  frame_ms: number;
  credits: CreditsView;
}

export interface StateChangedEvent {
  type: "state.changed";
  state: string;
  previous: string;
}

export interface AssistantTextDeltaEvent {
  type: "assistant.text.delta";
  response_id: string;
  text: string;
}

export interface AssistantTextDoneEvent {
  type: "assistant.text.done";
  response_id: string;
  text: string;
}

export interface AudioStartEvent {
  type: "audio.start";
  response_id: string;
}

export interface AudioDoneEvent {
  type: "audio.done";
  response_id: string;
  last_seq: number;
  duration_ms: number;
}

export interface RitualCreatedEvent {
  type: "ritual.created";
  ritual_id: string;
  kind: string;
  title: string;
  duration_ms: number;
  credits_charged: number;
}

export interface CreditsUpdatedEvent {
  type: "credits.updated";
  balance: number;
  reserved: number;
}

export interface ResponseCancelledEvent {
  type: "response.cancelled";
  response_id: string;
}

export interface ErrorEvent {
  type: "error";
  code: string;
  message: string;
  fatal: boolean;
  retry_after_ms?: number | null;
}

export interface SessionReconnectEvent {
  type: "session.reconnect";
  reason: string;
  message: string;
}

export interface SpeechStartedEvent {
  type: "input_audio.speech_started";
  audio_ms: number;
}

export interface SpeechStoppedEvent {
  type: "input_audio.speech_stopped";
  audio_ms: number;
}

export interface UserTranscriptEvent {
  type: "user.transcript";
  text: string;
  final: boolean;
}

export type ServerEvent =
  | SessionReadyEvent
  | StateChangedEvent
  | AssistantTextDeltaEvent
  | AssistantTextDoneEvent
  | AudioStartEvent
  | AudioDoneEvent
  | RitualCreatedEvent
  | CreditsUpdatedEvent
  | ResponseCancelledEvent
  | ErrorEvent
  | SessionReconnectEvent
  | SpeechStartedEvent
  | SpeechStoppedEvent
  | UserTranscriptEvent;

export interface SessionStartCommand {
  type: "session.start";
  session_id?: string | null;
  resume_token?: string | null;
  last_audio_seq?: number;
  audio_format?: string | null;
  turn_detection?: string;
}

export interface UserTextCommand {
  type: "user.text";
  text: string;
}

export interface RitualRequestCommand {
  type: "ritual.request";
  kind: string;
  topic: string;
  duration_minutes?: number | null;
  voice?: string | null;
  confirm?: boolean;
}

export interface UserConfirmCommand {
  type: "user.confirm";
  accept: boolean;
}

export interface InputAudioCommitCommand {
  type: "input_audio.commit";
}

export interface ResponseCancelCommand {
  type: "response.cancel";
}

export interface AudioAckCommand {
  type: "audio.ack";
  seq: number;
}

export interface SessionEndCommand {
  type: "session.end";
}

export type ClientEvent =
  | SessionStartCommand
  | UserTextCommand
  | RitualRequestCommand
  | UserConfirmCommand
  | InputAudioCommitCommand
  | ResponseCancelCommand
  | AudioAckCommand
  | SessionEndCommand;

export interface DevTokenRequest {
  user_id: string;
  name?: string | null;
}

export interface DevTokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
}

export interface PreferencesView {
  voice: string;
  locale: string;
  default_duration_minutes: number;
  sound_bed: string;
}

export interface ListeningBody {
  streak_days: number;
  longest_streak_days: number;
  total_minutes: number;
}

export interface MeResponse {
  user_id: string;
  display_name: string;
  preferences: PreferencesView;
  credits: CreditsView;
  listening: ListeningBody;
}

export interface LibraryItem {
  ritual_id: string;
  kind: string;
  title: string;
  duration_ms: number;
  created_at: string;
  /** "created": the caller's own; "purchased": from a pack they own. */
  source: string;
}

export interface RitualResponse {
  ritual_id: string;
  kind: string;
  title: string;
  duration_ms: number;
  created_at: string;
  script: string;
  voice: string;
  audio_url: string;
  audio_content_type: string;
  credits_charged: number;
}

export interface LedgerEntryBody {
  id: string;
  kind: string;
  amount: number;
  at: string;
  reason: string;
}

export interface CreditsResponse {
  balance: number;
  reserved: number;
  ledger: LedgerEntryBody[];
  next_before: string | null;
}

export interface CreditPackBody {
  pack_id: string;
  name: string;
  credits: number;
  amount: number;
  currency: string;
}

export interface PlanBody {
  plan_id: string;
  name: string;
  credits_per_month: number;
  amount: number;
  currency: string;
}

export interface CheckoutCreateRequest {
  pack_id?: string | null;
  plan_id?: string | null;
}

export interface CheckoutBody {
  checkout_session_id: string;
  url: string;
}

export interface PortalBody {
  url: string;
}

export interface SubscriptionBody {
  status: string;
  plan_id: string | null;
  current_period_end: string | null;
}
