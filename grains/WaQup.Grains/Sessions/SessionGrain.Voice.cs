using WaQup.Abstractions.Protocol;
using WaQup.Grains.Sessions.Dialogue;
using WaQup.Grains.Sessions.Responses;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions;

/// <summary>
/// What the person's voice does (PROTOCOL.md v1.1, voice input): the connection's listener reports where speech starts
/// and stops and what was heard; the rules decide, and this carries it out.
/// </summary>
public sealed partial class SessionGrain
{
    /// <summary>The last reply whose frames have all gone out, and until when (session clock) it is still being heard.</summary>
    private (string ResponseId, long AudibleUntil)? _fading;

    public async Task<ErrorEvent?> SpeechStartedAsync(int connection, long audioMs)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        _outbox.Append(new SpeechStartedEvent(audioMs));
        var step = Rules.Decide(Now, new DialogueInput(Cue.SpeechStarted, ReplyAudible: ReplyBeingHeard()));
        if (step.CutReply)
        {
            metrics.Cancels.Add(1);
            await CutHeardReplyAsync("cut short by the user's voice");
        }

        return null;
    }

    public Task<ErrorEvent?> SpeechStoppedAsync(int connection, long audioMs)
    {
        if (Superseded(connection) is { } superseded)
        {
            return Task.FromResult<ErrorEvent?>(superseded);
        }

        _outbox.Append(new SpeechStoppedEvent(audioMs));
        return Task.FromResult<ErrorEvent?>(null);
    }

    public async Task<ErrorEvent?> TranscriptAsync(int connection, string text, bool final)
    {
        if (Superseded(connection) is { } superseded)
        {
            return superseded;
        }

        text = text.Length > ClientEvent.MaxTextLength ? text[..ClientEvent.MaxTextLength] : text;
        _outbox.Append(new UserTranscriptEvent(text, final));
        if (!final)
        {
            return null;
        }

        if (CrisisLanguage.Detect(text) is { } crisis)
        {
            // Whatever is going on, even a ritual being spoken: the person comes first.
            return await SupportAsync(connection, crisis);
        }

        var step = Rules.Decide(Now, new DialogueInput(Cue.Transcribed, Transcript: text));
        if (step.TakeAsWords)
        {
            return await UserTextAsync(connection, text);
        }

        if (step.Cancel)
        {
            return await CancelAsync(connection);
        }

        if (step.Line is not null)
        {
            // Nothing was heard: a reply still playing gives way to saying so, from the state the cut leaves.
            await CutShortReplyAsync();
            step = Rules.Decide(Now, new DialogueInput(Cue.Transcribed, Transcript: text));
        }

        return await CarryOutAsync(step, profile: null);
    }

    /// <summary>A reply is being heard: still being sent, or sent and still playing at the client.</summary>
    private bool ReplyBeingHeard() =>
        _current is { IsRitual: false } || (_fading is { } fading && clock.GetTimestamp() < fading.AudibleUntil);

    /// <summary>
    /// Stops the reply being heard. One still being sent stops as a cancel stops it; one whose frames have all gone out
    /// gets its <c>response.cancelled</c>, which tells the client to drop what it has buffered.
    /// </summary>
    private async Task CutHeardReplyAsync(string reason)
    {
        if (_current is { IsRitual: false } reply)
        {
            await StopAsync(reply, reason);
        }
        else if (_fading is { } fading)
        {
            _fading = null;
            _outbox.Append(new ResponseCancelledEvent(fading.ResponseId));
        }
    }

    /// <summary>A reply's frames have all gone out: it is heard for its length from its first frame (audio runs ahead of real time).</summary>
    private void NoteReplySent(ResponseRun run)
    {
        _fading = run.AudioStarted
            ? (run.ResponseId, run.StartedAtTicks + (long)(run.Frames * Providers.Audio.AudioFormat.FrameMs * clock.TimestampFrequency / 1000.0))
            : null;
    }
}
