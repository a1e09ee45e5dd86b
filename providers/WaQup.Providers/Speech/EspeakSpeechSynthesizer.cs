using System.Buffers;
using System.Collections.Frozen;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using WaQup.Providers.Audio;

namespace WaQup.Providers.Speech;

/// <summary>Speaks with a local espeak-ng process per sentence, streaming its audio as PCM16 LE mono 24 kHz.</summary>
/// <remarks>
/// Voices: "default" (or empty) is <see cref="EspeakOptions.DefaultVoice"/>; "female" and "male" are that voice with the
/// +f3 / +m3 variants; any other name is used when `espeak-ng --voices` lists it (by language or voice name, with an
/// optional +variant) and otherwise falls back to the default voice, so a stale voice preference never fails a session.
/// The text goes in on stdin, never on the command line, and without -m, so it cannot be read as an option or as SSML.
/// Each chunk yielded is a new array the caller may keep.
/// </remarks>
public sealed class EspeakSpeechSynthesizer(EspeakOptions options) : ISpeechSynthesizer
{
    private const int ReadBufferBytes = 8192;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan VoiceListTimeout = TimeSpan.FromSeconds(10);

    private Task<FrozenSet<string>>? _voices;

    public EspeakSpeechSynthesizer()
        : this(new EspeakOptions())
    {
    }

    /// <summary>Yields nothing for text with nothing to say (empty or only whitespace and control characters).</summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string text,
        string voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spoken = SpokenText.Clean(text);
        if (spoken.Length == 0)
        {
            yield break;
        }

        var espeakVoice = await ResolveVoiceAsync(voice, cancellationToken).ConfigureAwait(false);
        List<string> arguments = ["--stdout", "-b", "1", "-v", espeakVoice];
        if (options.WordsPerMinute is { } rate)
        {
            arguments.Add("-s");
            arguments.Add(rate.ToString(CultureInfo.InvariantCulture));
        }

        var process = Start(arguments, redirectInput: true);
        var killOnCancel = cancellationToken.Register(static state => Kill((Process)state!), process);
        var feeding = FeedAsync(process.StandardInput, spoken);
        var errors = ReadErrorsAsync(process.StandardError);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            var header = await ReadHeaderAsync(stdout, cancellationToken).ConfigureAwait(false);
            var produced = 0L;
            if (header is { } format)
            {
                var resampler = new PcmResampler(format.SampleRate, AudioFormat.SampleRate);
                int read;
                while ((read = await stdout.ReadAsync(buffer.AsMemory(0, ReadBufferBytes), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    var chunk = new byte[resampler.MaxOutputBytes(read)];
                    var length = resampler.Process(buffer.AsSpan(0, read), chunk);
                    if (length > 0)
                    {
                        produced += length;
                        yield return chunk.AsMemory(0, length);
                    }
                }

                var tail = new byte[resampler.MaxFlushBytes];
                var tailLength = resampler.Flush(tail);
                if (tailLength > 0)
                {
                    produced += tailLength;
                    yield return tail.AsMemory(0, tailLength);
                }
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                throw new SpeechUnavailableException($"espeak-ng exited with code {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
            }

            if (produced == 0)
            {
                throw new SpeechUnavailableException("espeak-ng produced no audio.");
            }
        }
        finally
        {
            await killOnCancel.DisposeAsync().ConfigureAwait(false);
            // Reached early when the caller stops listening or cancels: the rest of the sentence is not wanted.
            Kill(process);
            await feeding.ConfigureAwait(false);
            await errors.ConfigureAwait(false);
            process.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<string> ResolveVoiceAsync(string? voice, CancellationToken cancellationToken)
    {
        var requested = voice?.Trim() ?? string.Empty;
        var defaultVoice = options.DefaultVoice;
        var plusAt = defaultVoice.IndexOf('+', StringComparison.Ordinal);
        var defaultBase = plusAt < 0 ? defaultVoice : defaultVoice[..plusAt];
        if (requested.Length == 0
            || requested.Equals("default", StringComparison.OrdinalIgnoreCase)
            || requested.Equals(defaultVoice, StringComparison.OrdinalIgnoreCase))
        {
            return defaultVoice;
        }

        if (requested.Equals("female", StringComparison.OrdinalIgnoreCase))
        {
            return defaultBase + "+f3";
        }

        if (requested.Equals("male", StringComparison.OrdinalIgnoreCase))
        {
            return defaultBase + "+m3";
        }

        var voices = await GetVoicesAsync(cancellationToken).ConfigureAwait(false);
        var parts = requested.Split('+');
        var known = parts.Length <= 2
            && voices.Contains(parts[0])
            && (parts.Length == 1 || IsVariantName(parts[1]));
        return known ? requested : defaultVoice;
    }

    private async Task<FrozenSet<string>> GetVoicesAsync(CancellationToken cancellationToken)
    {
        var loading = _voices ??= LoadVoicesAsync();
        try
        {
            return await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SpeechUnavailableException)
        {
            // Let a later call try again, e.g. once espeak-ng has been installed.
            _ = Interlocked.CompareExchange(ref _voices, null, loading);
            throw;
        }
    }

    private async Task<FrozenSet<string>> LoadVoicesAsync()
    {
        using var timeout = new CancellationTokenSource(VoiceListTimeout);
        using var process = Start(["--voices"], redirectInput: false);
        var errors = ReadErrorsAsync(process.StandardError);
        try
        {
            var listing = await process.StandardOutput.ReadToEndAsync(timeout.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new SpeechUnavailableException($"espeak-ng --voices exited with code {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
            }

            return ParseVoices(listing);
        }
        catch (OperationCanceledException exception)
        {
            throw new SpeechUnavailableException("espeak-ng --voices did not answer in time.", exception);
        }
        finally
        {
            Kill(process);
            await errors.ConfigureAwait(false);
        }
    }

    // Columns: Pty Language Age/Gender VoiceName File [Other languages]. MBROLA voices ("mb/...") need a separate
    // synthesiser that is usually absent, so they are left out rather than failing at speaking time.
    private static FrozenSet<string> ParseVoices(string listing)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in listing.Split('\n').Skip(1))
        {
            var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length < 5 || columns[4].StartsWith("mb/", StringComparison.Ordinal))
            {
                continue;
            }

            names.Add(columns[1]);
            names.Add(columns[3]);
        }

        return names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsVariantName(string variant) =>
        variant.Length is > 0 and <= 32 && variant.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private Process Start(IEnumerable<string> arguments, bool redirectInput)
    {
        var info = new ProcessStartInfo(options.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = redirectInput ? Utf8 : null,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(info) ?? throw new SpeechUnavailableException($"Could not start {options.Path}.");
        }
        catch (Win32Exception exception)
        {
            throw new SpeechUnavailableException($"espeak-ng is not installed or not runnable at '{options.Path}'.", exception);
        }
    }

    private static async ValueTask<WavHeader?> ReadHeaderAsync(Stream stdout, CancellationToken cancellationToken)
    {
        WavHeader? header;
        try
        {
            header = await WavHeader.ReadAsync(stdout, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new SpeechUnavailableException("espeak-ng wrote something other than WAVE audio.", exception);
        }

        if (header is { } format && (!format.IsPcm || format.Channels != 1 || format.BitsPerSample != 16 || format.SampleRate <= 0))
        {
            throw new SpeechUnavailableException($"espeak-ng wrote unsupported audio: {format}.");
        }

        return header;
    }

    // Written concurrently with reading stdout, so a long text cannot deadlock against a full output pipe.
    private static async Task FeedAsync(StreamWriter input, string text)
    {
        try
        {
            await input.WriteAsync(text).ConfigureAwait(false);
            await input.WriteAsync('\n').ConfigureAwait(false);
            await input.FlushAsync().ConfigureAwait(false);
            // End of input is what tells espeak-ng the text is complete.
            await input.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // espeak-ng exited (or was killed) before reading everything; its exit code tells the story.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task<string> ReadErrorsAsync(StreamReader errors)
    {
        try
        {
            return await errors.ReadToEndAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            return string.Empty;
        }
        catch (ObjectDisposedException)
        {
            return string.Empty;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited between the check and the kill.
        }
        catch (Win32Exception)
        {
        }
    }
}
