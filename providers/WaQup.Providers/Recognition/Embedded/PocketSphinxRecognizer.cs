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

    /// <summary>
    /// How much audio an utterance still being spoken decodes before letting urgent work go first: about 6 ms of a core,
    /// so an utterance whose speech has ended waits no longer than that for a worker.
    /// </summary>
    private const int YieldEveryBytes = 200 * MicrophoneFormat.BytesPerMillisecond;

    private readonly PocketSphinxOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<Task<string[]>> _arguments;
    private readonly DecoderPool _pool;
    private readonly DecodingScheduler _decoding;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private bool _disposed;

    public PocketSphinxRecognizer(PocketSphinxOptions options, ILogger<PocketSphinxRecognizer>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDecoders, 1);
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentDecoding, 1);
        _pool = new DecoderPool(options.MaxDecoders, LoadAsync);
        // Decoding runs on the thread pool, but never more of it at once than this allows, and those waiting for words first.
        _decoding = new DecodingScheduler(options.MaxConcurrentDecoding);
        _arguments = new Lazy<Task<string[]>>(BuildArgumentsAsync);
    }

    /// <summary>
    /// Builds the language model and loads every decoder the pool may hold, one after another, so the first people to
    /// speak wait for neither.
    /// </summary>
    /// <exception cref="RecognitionSetupException">PocketSphinx or its models are missing.</exception>
    public Task WarmUpAsync(CancellationToken cancellationToken) => _pool.PreloadAsync(_options.MaxDecoders, cancellationToken);

    public IUtteranceRecognition Begin(Action<string>? partial = null, Speaker? speaker = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new Utterance(this, partial, speaker);
    }

    public void Dispose()
    {
        _disposed = true;
        _pool.Dispose();
    }

    /// <summary>A new decoder.</summary>
    private async Task<PocketSphinxDecoder> LoadAsync()
    {
        var arguments = await _arguments.Value;
        // Loading is not thread-safe in SphinxBase (its log file and configuration parsing are process-wide): one at a
        // time. It takes a fifth of a second of a core, on the default scheduler: on the decoding one it would hold a
        // place meant for decoding.
        await _loading.WaitAsync();
        try
        {
            return await Task.Factory.StartNew(() => PocketSphinxDecoder.Create(arguments), CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }
        finally
        {
            _loading.Release();
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
        return DecoderArguments.Merge(
        [
            "-hmm", _options.AcousticModel,
            "-lm", model.LanguageModel,
            "-dict", model.Dictionary,
            "-samprate", MicrophoneFormat.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-logfn", "/dev/null",
            // No second pass at the end: the transcript comes within milliseconds of the end of speech rather than tens
            // of them. The acoustic scores of every other frame only (-ds 2), with three Gaussians a frame rather than
            // four: a quarter less CPU than all frames with two (most of it goes to scoring Gaussians), and the third
            // Gaussian wins back what every other frame alone lost ("one minute" heard as "line any"). Measured in
            // docs/benchmarks.md, "Voice input".
            "-fwdflat", "no",
            "-topn", "3",
            "-ds", "2",
        ],
        _options.ExtraArguments);
    }

    /// <summary>
    /// One utterance: its audio waits in pooled pieces until the decoding loop takes it, and the loop holds a decoder
    /// from the first audio to the end.
    /// </summary>
    private sealed class Utterance : IUtteranceRecognition
    {
        private readonly PocketSphinxRecognizer _owner;
        private readonly Action<string>? _partial;
        private readonly Speaker? _speaker;
        private readonly Lock _lock = new();
        private readonly Queue<(byte[] Buffer, int Length)> _pending = new();
        private readonly SemaphoreSlim _signal = new(0);
        private readonly CancellationTokenSource _abandon = new();
        private readonly long _maxBytes;
        private Task<string>? _decoding;
        private DecoderRequest? _request;
        private DecodingScheduler.Lane? _lane;
        private long _bytes;
        private bool _finished;

        public Utterance(PocketSphinxRecognizer owner, Action<string>? partial, Speaker? speaker)
        {
            _owner = owner;
            _partial = partial;
            _speaker = speaker;
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
                // Every await in the loop resumes on the utterance's lane of the decoding scheduler, which bounds the CPU
                // decoding takes and serves first those whose speech has ended.
                if (_decoding is null)
                {
                    _lane = _owner._decoding.NewLane();
                    _decoding = Task.Factory.StartNew(DecodeAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, _lane).Unwrap();
                }
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
                // Someone now waits for these words: an utterance still waiting for a decoder goes to the front, and its
                // decoding before that of people still speaking.
                _request?.Urgent();
                _lane?.MakeUrgent();
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
            var request = _owner._pool.Rent();
            lock (_lock)
            {
                _request = request;
                if (_finished)
                {
                    request.Urgent();
                }
            }

            PocketSphinxDecoder decoder;
            try
            {
                decoder = await request.Decoder.WaitAsync(abandon);
            }
            catch (OperationCanceledException)
            {
                request.Withdraw();
                throw;
            }

            // Heard against this speaker's channel as their earlier utterances measured it, never another's. Someone
            // heard for the first time has no such measure: their words are decoded as they come (for the partial
            // transcripts), and when they end their channel is measured on the speech in it and the words decoded again.
            var channel = _speaker?.Get<float[]>(Name);
            var firstHearing = channel is null ? new List<byte[]>() : null;
            try
            {
                decoder.Start(channel);
                var sincePartial = 0L;
                var sinceYield = 0L;
                var lastPartial = "";
                while (true)
                {
                    await _signal.WaitAsync(abandon);
                    while (TryTake(out var piece))
                    {
                        if (abandon.IsCancellationRequested)
                        {
                            // Nobody wants these words any more: the rest of the backlog is not worth the CPU.
                            ArrayPool<byte>.Shared.Return(piece.Buffer);
                            abandon.ThrowIfCancellationRequested();
                        }

                        try
                        {
                            decoder.Process(piece.Buffer.AsSpan(0, piece.Length));
                            firstHearing?.Add(piece.Buffer.AsSpan(0, piece.Length).ToArray());
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(piece.Buffer);
                        }

                        sincePartial += piece.Length;
                        sinceYield += piece.Length;
                        if (sinceYield >= YieldEveryBytes && !_lane!.IsUrgent)
                        {
                            // Someone whose speech has ended may be waiting for the CPU: step back in the queue.
                            sinceYield = 0;
                            await Task.Yield();
                        }

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
                        var words = decoder.Finish().Trim();
                        if (firstHearing is { Count: > 0 } && SpeechFrames.Of([.. firstHearing.SelectMany(piece => piece)]) is { } speech)
                        {
                            decoder.Start(decoder.MeasureChannel(speech));
                            foreach (var piece in firstHearing)
                            {
                                decoder.Process(piece);
                            }

                            words = decoder.Finish().Trim();
                        }

                        _speaker?.Keep(Name, decoder.CepstralMean());
                        return words;
                    }
                }
            }
            catch
            {
                decoder.Reset();
                throw;
            }
            finally
            {
                _owner._pool.Return(decoder);
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
