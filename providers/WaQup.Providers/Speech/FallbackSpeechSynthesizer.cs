using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace WaQup.Providers.Speech;

/// <summary>Speaks with <paramref name="primary"/>, and a sentence it cannot speak at all with <paramref name="fallback"/>.</summary>
/// <remarks>
/// The fallback takes over only when the primary fails with <see cref="SpeechUnavailableException"/> before its first
/// chunk (flite makes a sentence whole before yielding, so that is how every flite failure looks); a failure after
/// audio has gone out is the caller's, as audio cannot be taken back. The first fallback is logged as a warning, later
/// ones at debug level, so a node without the primary's libraries says so once rather than on every sentence.
/// <paramref name="fallbackVoice"/> names the fallback's nearest voice to one of the primary's (flite's male <c>rms</c>
/// is espeak-ng's <c>male</c>), so a listener keeps a voice of the same kind; without it the name goes as it is.
/// </remarks>
public sealed class FallbackSpeechSynthesizer(
    ISpeechSynthesizer primary,
    ISpeechSynthesizer fallback,
    string primaryName,
    string fallbackName,
    ILogger logger,
    Func<string, string>? fallbackVoice = null)
    : ISpeechSynthesizer
{
    /// <summary>espeak-ng's nearest voice to each of flite's: slt is a woman's American voice, rms a man's, awb a Scottish man's.</summary>
    public static string EspeakVoiceFor(string fliteVoice) => fliteVoice.Trim().ToLowerInvariant() switch
    {
        "slt" => "female",
        "rms" => "male",
        "awb" => "en-gb-scotland",
        _ => fliteVoice,
    };

    private int _warned;

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(
        string text,
        string voice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (chunks, any) = await OpenAsync(text, voice, cancellationToken).ConfigureAwait(false);
        await using (chunks.ConfigureAwait(false))
        {
            if (!any)
            {
                yield break;
            }

            do
            {
                yield return chunks.Current;
            }
            while (await chunks.MoveNextAsync().ConfigureAwait(false));
        }
    }

    // The chunks of whichever synthesiser spoke, moved to its first chunk (false: there is none).
    private async Task<(IAsyncEnumerator<ReadOnlyMemory<byte>> Chunks, bool Any)> OpenAsync(string text, string voice, CancellationToken cancellationToken)
    {
        try
        {
            return await FirstAsync(primary, text, voice, cancellationToken).ConfigureAwait(false);
        }
        catch (SpeechUnavailableException exception) when (!cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                logger.LogWarning(exception, "{Primary} could not speak ({Reason}); speaking with {Fallback} instead (logged once).", primaryName, exception.Message, fallbackName);
            }
            else
            {
                logger.LogDebug("{Primary} could not speak ({Reason}); speaking with {Fallback}.", primaryName, exception.Message, fallbackName);
            }
        }

        return await FirstAsync(fallback, text, fallbackVoice?.Invoke(voice) ?? voice, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(IAsyncEnumerator<ReadOnlyMemory<byte>> Chunks, bool Any)> FirstAsync(
        ISpeechSynthesizer synthesizer, string text, string voice, CancellationToken cancellationToken)
    {
        var chunks = synthesizer.SynthesizeAsync(text, voice, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return (chunks, await chunks.MoveNextAsync().ConfigureAwait(false));
        }
        catch
        {
            await chunks.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
