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
        var producer = ProduceAsync(prompt, channel.Writer, stop.Token);
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

    private async Task ProduceAsync(ScriptPrompt prompt, ChannelWriter<ScriptPiece> writer, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.ExecuteAsync(
                static (state, token) => state.Self.AttemptAsync(state.Prompt, state.Writer, token),
                (Self: this, Prompt: prompt, Writer: writer),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException error)
        {
            throw new ContentUnavailableException(
                $"{_source.Provider} failed repeatedly, so script writing is paused for a while; try again shortly.", error);
        }
        catch (LlmCallException error)
        {
            throw new ContentUnavailableException($"{_source.Provider} could not write the script: {error.Message}", error);
        }
        finally
        {
            writer.TryComplete();
        }
    }

    private async ValueTask AttemptAsync(ScriptPrompt prompt, ChannelWriter<ScriptPiece> writer, CancellationToken cancellationToken)
    {
        var attempt = new LlmAttempt();
        LlmAttempt.Current = attempt;
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(_options.FirstTokenTimeout);
        var splitter = new SentenceSplitter();
        var pieces = new List<ScriptPiece>();
        var written = 0;
        var scriptMs = 0L;
        var started = false;
        try
        {
            await using var stream = _source.StreamAsync(prompt, attempt, watchdog.Token).GetAsyncEnumerator(watchdog.Token);
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                started = true;
                watchdog.CancelAfter(_options.StallTimeout);
                splitter.Push(stream.Current, pieces);
                foreach (var piece in pieces)
                {
                    writer.TryWrite(piece);
                    scriptMs += BuiltInScriptWriter.EstimateSpeechMs(piece.Text) + piece.PauseAfterMs;
                    written++;
                }

                pieces.Clear();
            }

            if (!attempt.Finished)
            {
                throw new LlmCallException($"the stream from {_source.Provider} ended before the script was finished", transient: true);
            }

            splitter.Flush(pieces, keepUnfinished: !attempt.Truncated);
            if (written + pieces.Count == 0)
            {
                throw new LlmCallException($"{_source.Provider} returned no script", transient: false);
            }

            scriptMs += pieces.Sum(p => (long)BuiltInScriptWriter.EstimateSpeechMs(p.Text) + p.PauseAfterMs);
            if (pieces.Count > 0 && scriptMs < prompt.DurationMs)
            {
                pieces[^1] = pieces[^1] with { PauseAfterMs = pieces[^1].PauseAfterMs + (int)(prompt.DurationMs - scriptMs) };
            }

            foreach (var piece in pieces)
            {
                writer.TryWrite(piece);
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
            error.AfterFirstSentence = written > 0;
            throw;
        }
        catch (Exception) when (watchdog.IsCancellationRequested)
        {
            var what = started
                ? $"{_source.Provider} stopped sending for {_options.StallTimeout.TotalSeconds:0.#} s"
                : $"{_source.Provider} sent nothing within {_options.FirstTokenTimeout.TotalSeconds:0.#} s";
            throw new LlmCallException(what, transient: true) { AfterFirstSentence = written > 0 };
        }
        catch (Exception error)
        {
            var failure = _source.Describe(error, attempt);
            failure.AfterFirstSentence = written > 0;
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

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.BreakFailureRatio,
                MinimumThroughput = _options.BreakMinimumAttempts,
                SamplingDuration = _options.BreakSamplingDuration,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is LlmCallException),
                OnOpened = args =>
                {
                    _logger.LogError(
                        "{Provider} keeps failing; script writing pauses for {BreakSeconds} s",
                        _source.Provider,
                        args.BreakDuration.TotalSeconds);
                    return default;
                },
            })
            .Build();
    }
}
