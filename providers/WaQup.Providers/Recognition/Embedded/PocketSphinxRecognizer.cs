using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WaQup.Abstractions.Voice;

namespace WaQup.Providers.Recognition.Embedded;

/// <summary>
/// The embedded recogniser: PocketSphinx in this process, decoding with the project's domain language model while the
/// person speaks. Decoders are pooled (loading one takes a moment and tens of megabytes); an utterance holds one from
/// its first audio to its end, and decodes each piece of audio as it arrives, so little is left to do when speech ends.
/// </summary>
public sealed class PocketSphinxRecognizer : ISpeechRecognizer, IDisposable
{
    public const string Name = "pocketsphinx";

    private readonly PocketSphinxOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<Task<string[]>> _arguments;
    private readonly SemaphoreSlim _decoders;
    private readonly TaskScheduler _decoding;
    private readonly Lock _idleLock = new();
    private readonly Stack<PocketSphinxDecoder> _idle = new();
    private readonly Lock _loading = new();
    private bool _disposed;

    public PocketSphinxRecognizer(PocketSphinxOptions options, ILogger<PocketSphinxRecognizer>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecoders, 1);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentDecoding, 1);
        _decoders = new SemaphoreSlim(options.MaxDecoders, options.MaxDecoders);
        // Decoding runs on the thread pool, but never more of it at once than this allows.
        _decoding = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, options.MaxConcurrentDecoding).ConcurrentScheduler;
        _arguments = new Lazy<Task<string[]>>(BuildArgumentsAsync);
    }

    /// <summary>Builds the language model and loads one decoder, so the first person to speak does not wait for either.</summary>
    /// <exception cref="RecognitionSetupException">PocketSphinx or its models are missing.</exception>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        await _decoders.WaitAsync(cancellationToken);
        try
        {
            Return(await RentAsync());
        }
        finally
        {
            _decoders.Release();
        }
    }

    public IUtteranceRecognition Begin(Action<string>? partial = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new Utterance(this, partial);
    }

    public void Dispose()
    {
        lock (_idleLock)
        {
            _disposed = true;
            while (_idle.TryPop(out var decoder))
            {
                decoder.Dispose();
            }
        }
    }

    /// <summary>An idle decoder, or a new one; the caller holds a place of <see cref="_decoders"/>.</summary>
    private async Task<PocketSphinxDecoder> RentAsync()
    {
        lock (_idleLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }

        var arguments = await _arguments.Value;
        // Loading is not thread-safe in SphinxBase (its log file and configuration parsing are process-wide): one at a time.
        lock (_loading)
        {
            return PocketSphinxDecoder.Create(arguments);
        }
    }

    private void Return(PocketSphinxDecoder decoder)
    {
        lock (_idleLock)
        {
            if (_disposed)
            {
                decoder.Dispose();
                return;
            }

            _idle.Push(decoder);
        }
    }

    private async Task<string[]> BuildArgumentsAsync()
    {
        var cache = _options.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "waqup-recognition");
        var model = await DomainLanguageModel.BuildAsync(_options.Dictionary, cache, CancellationToken.None);
        if (model.Unpronounceable.Count > 0)
        {
            _logger.LogWarning("The recogniser's language model leaves out words with no pronunciation: {Words}", string.Join(", ", model.Unpronounceable));
        }

        _logger.LogInformation("Recogniser language model ready: {LanguageModel}", model.LanguageModel);
        return
        [
            "-hmm", _options.AcousticModel,
            "-lm", model.LanguageModel,
            "-dict", model.Dictionary,
            "-samprate", MicrophoneFormat.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-logfn", "/dev/null",
            .. _options.ExtraArguments,
        ];
    }

    /// <summary>
    /// One utterance: its audio waits in pooled pieces until the decoding loop takes it, and the loop holds a decoder
    /// from the first audio to the end.
    /// </summary>
    private sealed class Utterance : IUtteranceRecognition
    {
        private readonly PocketSphinxRecognizer _owner;
        private readonly Action<string>? _partial;
        private readonly Lock _lock = new();
        private readonly Queue<(byte[] Buffer, int Length)> _pending = new();
        private readonly SemaphoreSlim _signal = new(0);
        private readonly CancellationTokenSource _abandon = new();
        private readonly long _maxBytes;
        private Task<string>? _decoding;
        private long _bytes;
        private bool _finished;

        public Utterance(PocketSphinxRecognizer owner, Action<string>? partial)
        {
            _owner = owner;
            _partial = partial;
            _maxBytes = (long)owner._options.MaxUtteranceMs * MicrophoneFormat.BytesPerMillisecond;
        }

        public void Write(ReadOnlySpan<byte> pcm)
        {
            if (pcm.IsEmpty)
            {
                return;
            }

            lock (_lock)
            {
                if (_finished || _bytes >= _maxBytes)
                {
                    return;
                }

                var length = (int)Math.Min(pcm.Length, _maxBytes - _bytes) & ~1;
                var buffer = ArrayPool<byte>.Shared.Rent(length);
                pcm[..length].CopyTo(buffer);
                _pending.Enqueue((buffer, length));
                _bytes += length;
                // Every await in the loop resumes on the decoding scheduler, which bounds the CPU it takes.
                _decoding ??= Task.Factory.StartNew(DecodeAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _owner._decoding).Unwrap();
            }

            _signal.Release();
        }

        public async Task<Transcript> FinishAsync(CancellationToken cancellationToken)
        {
            Task<string>? decoding;
            lock (_lock)
            {
                _finished = true;
                decoding = _decoding;
            }

            _signal.Release();
            var audioMs = _bytes / MicrophoneFormat.BytesPerMillisecond;
            if (decoding is null)
            {
                return new Transcript("", 0, Name);
            }

            try
            {
                var text = await decoding.WaitAsync(cancellationToken);
                return new Transcript(text, audioMs, Name);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                throw new RecognitionUnavailableException("the embedded recogniser failed", failure);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Task<string>? decoding;
            lock (_lock)
            {
                _finished = true;
                decoding = _decoding;
            }

            await _abandon.CancelAsync();
            _signal.Release();
            if (decoding is not null)
            {
                await decoding.ContinueWith(static _ => { }, TaskScheduler.Default);
            }

            lock (_lock)
            {
                while (_pending.TryDequeue(out var piece))
                {
                    ArrayPool<byte>.Shared.Return(piece.Buffer);
                }
            }

            _abandon.Dispose();
        }

        private async Task<string> DecodeAsync()
        {
            var abandon = _abandon.Token;
            // Taken before the try: a wait cancelled by abandoning holds no place to give back.
            await _owner._decoders.WaitAsync(abandon);
            PocketSphinxDecoder? decoder = null;
            try
            {
                decoder = await _owner.RentAsync();
                decoder.Start();
                var sincePartial = 0L;
                var lastPartial = "";
                while (true)
                {
                    await _signal.WaitAsync(abandon);
                    while (TryTake(out var piece))
                    {
                        try
                        {
                            decoder.Process(piece.Buffer.AsSpan(0, piece.Length));
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(piece.Buffer);
                        }

                        sincePartial += piece.Length;
                        if (_partial is not null && sincePartial >= _owner._options.PartialEveryMs * MicrophoneFormat.BytesPerMillisecond)
                        {
                            sincePartial = 0;
                            var hypothesis = decoder.Hypothesis();
                            if (hypothesis.Length > 0 && hypothesis != lastPartial)
                            {
                                lastPartial = hypothesis;
                                _partial(hypothesis);
                            }
                        }
                    }

                    if (IsFinished())
                    {
                        var text = decoder.Finish();
                        return text.Trim();
                    }
                }
            }
            catch
            {
                decoder?.Reset();
                throw;
            }
            finally
            {
                if (decoder is not null)
                {
                    _owner.Return(decoder);
                }

                _owner._decoders.Release();
            }
        }

        private bool TryTake(out (byte[] Buffer, int Length) piece)
        {
            lock (_lock)
            {
                return _pending.TryDequeue(out piece);
            }
        }

        private bool IsFinished()
        {
            lock (_lock)
            {
                return _finished && _pending.Count == 0;
            }
        }
    }
}
