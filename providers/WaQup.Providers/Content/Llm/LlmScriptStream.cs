using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace WaQup.Providers.Content.Llm;

/// <summary>
/// Turns a provider's text stream into paced script pieces, with retries before the first sentence, a circuit breaker,
/// and timeouts for a model that never starts or stops mid-way.
/// </summary>
/// <remarks>
/// <para>
/// The whole stream runs inside one Polly pipeline (retry around a circuit breaker), so the breaker counts every failure,
/// mid-stream ones included, and the retry predicate can see whether a sentence has been handed on. The SDKs' own
/// retries are off: they would multiply ours, and they cannot tell whether speech has begun.
/// </para>
/// <para>
/// The model's text is read as fast as it comes into an unbounded channel (a script is a few kilobytes), because the
/// caller takes sentences at speaking pace: a provider stream left unread for minutes would be cut by the provider.
/// </para>
/// <para>
/// Pacing safety net: if the finished script, spoken at <see cref="BuiltInScriptWriter.WordsPerMinute"/> with its pauses,
/// is shorter than the requested duration, the difference is added to the pause after the last sentence. A model that
/// wrote too little therefore ends in a longer closing silence; one that wrote too much is left as it is.
/// </para>
/// </remarks>
internal sealed class LlmScriptStream
{
    private readonly ILlmTextSource _source;
    private readonly LlmResilienceOptions _options;
    private readonly ILlmUsageSink? _usage;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly BuiltInScriptWriter _builtIn = new();

    public LlmScriptStream(ILlmTextSource source, LlmResilienceOptions options, ILlmUsageSink? usage, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options;
        _usage = usage;
        _logger = logger ?? NullLogger.Instance;
        _pipeline = BuildPipeline();
    }

    public async IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var prompt = ScriptPrompt.For(spec);
        var channel = Channel.CreateUnbounded<ScriptPiece>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(spec, prompt, channel.Writer, stop.Token);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var piece))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return piece;
                }
            }

            await producer.ConfigureAwait(false);
        }
        finally
        {
            // The caller finished, stopped early or cancelled: the model call ends with it.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task ProduceAsync(RitualSpec spec, ScriptPrompt prompt, ChannelWriter<ScriptPiece> writer, CancellationToken cancellationToken)
    {
        var written = new Written();
        try
        {
            try
            {
                await _pipeline.ExecuteAsync(
                    static (state, token) => state.Self.AttemptAsync(state.Spec, state.Prompt, state.Writer, state.Written, token),
                    (Self: this, Spec: spec, Prompt: prompt, Writer: writer, Written: written),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (BrokenCircuitException error) when (!_options.FallbackToBuiltIn)
            {
                throw new ContentUnavailableException(
                    $"{_source.Provider} failed repeatedly, so script writing is paused for a while; try again shortly.", error);
            }
            catch (LlmCallException error) when (!_options.FallbackToBuiltIn)
            {
                throw new ContentUnavailableException($"{_source.Provider} could not write the script: {error.Message}", error);
            }
            catch (Exception error) when (error is BrokenCircuitException or LlmCallException && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(
                    "{Provider}'s script ends after {Sentences} sentences ({Seconds:0.#} s): {Reason}; the built-in writer goes on from there",
                    _source.Provider,
                    written.Sentences,
                    written.Ms / 1000.0,
                    error is BrokenCircuitException ? "the circuit is open" : error.Message);
                await ContinueBuiltInAsync(spec, written.Ms, writer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>
    /// The built-in script for the same spec, from the first section (or ritual step) that starts at or after
    /// <paramref name="fromMs"/>, so it neither repeats what was said nor starts mid-step; the closing is always kept.
    /// </summary>
    private async Task ContinueBuiltInAsync(RitualSpec spec, long fromMs, ChannelWriter<ScriptPiece> writer, CancellationToken cancellationToken)
    {
        var plan = _builtIn.Plan(spec);
        var start = 0;
        var at = 0L;
        for (var i = 0; i < plan.Count; i++)
        {
            var opens = i == 0 || plan[i].Section != plan[i - 1].Section || plan[i].Step != plan[i - 1].Step;
            if (opens)
            {
                start = i;
                if (at >= fromMs)
                {
                    break;
                }
            }

            at += BuiltInScriptWriter.EstimateSpeechMs(plan[i].Piece.Text) + plan[i].Piece.PauseAfterMs;
        }

        for (var i = start; i < plan.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync(plan[i].Piece, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask AttemptAsync(RitualSpec spec, ScriptPrompt prompt, ChannelWriter<ScriptPiece> writer, Written written, CancellationToken cancellationToken)
    {
        var attempt = new LlmAttempt();
        LlmAttempt.Current = attempt;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(_options.FirstTokenTimeout);
        var splitter = new SentenceSplitter();
        var validator = new ScriptValidator(spec);
        var pieces = new List<ScriptPiece>();
        var dropped = 0;
        var carriedPauseMs = 0;
        var wordCap = (prompt.TargetWords * 3 / 2) + 20;
        var words = 0;
        var started = false;
        var capped = false;

        // Speaks a checked sentence, or says why the model's script cannot go on; false once the script is long enough.
        bool Hand(ScriptPiece raw)
        {
            var verdict = validator.Check(raw);
            if (verdict.Problem == SentenceProblem.Empty)
            {
                carriedPauseMs += raw.PauseAfterMs;
                return true;
            }

            if (!verdict.Ok)
            {
                var reason = $"{_source.Provider}'s script failed its check: {verdict.Problem} ({verdict.Detail})";
                if (written.Sentences == 0)
                {
                    // Nothing spoken yet: a fresh answer is as good as this one.
                    throw new LlmCallException(reason, transient: true);
                }

                if (verdict.Problem == SentenceProblem.Unsafe || ++dropped > _options.MaxDroppedSentences)
                {
                    throw new LlmCallException(reason, transient: false);
                }

                _logger.LogWarning("{Reason}; the sentence is dropped", reason);
                carriedPauseMs += raw.PauseAfterMs;
                return true;
            }

            var piece = verdict.Piece with { PauseAfterMs = verdict.Piece.PauseAfterMs + carriedPauseMs };
            carriedPauseMs = 0;
            writer.TryWrite(piece);
            written.Add(piece);
            words += Pacing.Words(piece.Text);
            return words < wordCap;
        }

        try
        {
            await using var stream = _source.StreamAsync(prompt, attempt, watchdog.Token).GetAsyncEnumerator(watchdog.Token);
            while (!capped && await stream.MoveNextAsync().ConfigureAwait(false))
            {
                started = true;
                watchdog.CancelAfter(_options.StallTimeout);
                splitter.Push(stream.Current, pieces);
                foreach (var piece in pieces)
                {
                    if (!Hand(piece))
                    {
                        capped = true;
                        break;
                    }
                }

                pieces.Clear();
            }

            if (capped)
            {
                // A model that runs on would make a ritual longer than the one bought; it ends at a sentence.
                _logger.LogWarning("{Provider}'s script passed {Words} words of the {Target} asked for and is cut there", _source.Provider, words, prompt.TargetWords);
                return;
            }

            if (!attempt.Finished)
            {
                throw new LlmCallException($"the stream from {_source.Provider} ended before the script was finished", transient: true);
            }

            splitter.Flush(pieces, keepUnfinished: !attempt.Truncated);
            var last = pieces.Count - 1;
            for (var i = 0; i < pieces.Count; i++)
            {
                var piece = pieces[i];
                if (i == last && _options.FallbackToBuiltIn && written.Ms + Pacing.SpeechMs(piece.Text) + piece.PauseAfterMs < prompt.DurationMs / 2)
                {
                    // Less than half the time filled: the built-in writer goes on from here rather than half of it in silence.
                    Hand(piece);
                    throw new LlmCallException(
                        $"{_source.Provider} wrote {written.Ms / 1000} s of the {prompt.DurationMs / 1000} s asked for", transient: false);
                }

                // Pacing safety net: a script somewhat short of its length ends in a longer closing silence.
                var fill = i == last ? (int)Math.Max(0, prompt.DurationMs - (written.Ms + Pacing.SpeechMs(piece.Text) + piece.PauseAfterMs)) : 0;
                if (!Hand(piece with { PauseAfterMs = piece.PauseAfterMs + fill }))
                {
                    break;
                }
            }

            if (written.Sentences == 0)
            {
                throw new LlmCallException($"{_source.Provider} returned no script", transient: false);
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested)
        {
            if (error is OperationCanceledException)
            {
                throw;
            }

            throw new OperationCanceledException("The script was cancelled.", error, cancellationToken);
        }
        catch (LlmCallException error)
        {
            error.AfterFirstSentence = written.Sentences > 0;
            throw;
        }
        catch (Exception) when (watchdog.IsCancellationRequested)
        {
            var what = started
                ? $"{_source.Provider} stopped sending for {_options.StallTimeout.TotalSeconds:0.#} s"
                : $"{_source.Provider} sent nothing within {_options.FirstTokenTimeout.TotalSeconds:0.#} s";
            throw new LlmCallException(what, transient: true) { AfterFirstSentence = written.Sentences > 0 };
        }
        catch (Exception error)
        {
            var failure = _source.Describe(error, attempt);
            failure.AfterFirstSentence = written.Sentences > 0;
            throw failure;
        }
        finally
        {
            if (_usage is not null && (attempt.InputTokens is not null || attempt.OutputTokens is not null))
            {
                _usage.Record(new LlmUsage(_source.Provider, _source.Model, attempt.InputTokens ?? 0, attempt.OutputTokens ?? 0));
            }
        }
    }

    /// <summary>What has been handed on to be spoken, across attempts: only the last attempt can have handed anything on.</summary>
    private sealed class Written
    {
        public int Sentences { get; private set; }

        public long Ms { get; private set; }

        public void Add(ScriptPiece piece)
        {
            Sentences++;
            Ms += BuiltInScriptWriter.EstimateSpeechMs(piece.Text) + piece.PauseAfterMs;
        }
    }

    private ResiliencePipeline BuildPipeline()
    {
        var builder = new ResiliencePipelineBuilder();
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxRetries,
                Delay = _options.RetryDelay,
                MaxDelay = _options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Once a sentence is out it is being spoken; a second answer would not continue the first.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is LlmCallException { Transient: true, AfterFirstSentence: false } failure
                    && !(failure.RetryAfter > _options.MaxRetryDelay)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is LlmCallException { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
                OnRetry = args =>
                {
                    _logger.LogWarning(
                        "{Provider} attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms",
                        _source.Provider,
                        args.AttemptNumber + 1,
                        args.Outcome.Exception?.Message,
                        (int)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        var breaker = _options.Breaker(error => error is LlmCallException);
        breaker.OnOpened = args =>
        {
            _logger.LogError(
                "{Provider} keeps failing; script writing pauses for {BreakSeconds} s",
                _source.Provider,
                args.BreakDuration.TotalSeconds);
            return default;
        };
        return builder.AddCircuitBreaker(breaker).Build();
    }
}
