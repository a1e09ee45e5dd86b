using System.Buffers;
using System.Net.Http;

namespace WaQup.Providers.Speech.Cloud;

/// <summary>Reads a provider's raw PCM16 body as it arrives, in chunks that never split a sample.</summary>
internal static class PcmBodyReader
{
    private const int ReadBufferBytes = 16 * 1024;

    /// <summary>Each chunk is a new array the caller may keep. An odd byte waits for the next read to complete its sample.</summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        Stream body,
        StreamDeadline deadline,
        string provider)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            var carried = 0;
            var total = 0L;
            while (true)
            {
                deadline.Caller.ThrowIfCancellationRequested();
                var read = await ReadAsync(body, buffer.AsMemory(carried, ReadBufferBytes - carried), deadline, provider).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var available = carried + read;
                var whole = available & ~1;
                carried = available - whole;
                if (whole == 0)
                {
                    continue;
                }

                var chunk = buffer.AsSpan(0, whole).ToArray();
                if (carried == 1)
                {
                    buffer[0] = buffer[whole];
                }

                total += whole;
                yield return chunk;
            }

            // A lone trailing byte is half a sample: nothing a listener could hear, so it is dropped rather than failing the sentence.
            if (total == 0)
            {
                throw new SpeechUnavailableException($"{provider} returned no audio.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask<int> ReadAsync(Stream body, Memory<byte> into, StreamDeadline deadline, string provider)
    {
        var limit = deadline.CurrentLimit;
        deadline.BeforeRead();
        try
        {
            var read = await body.ReadAsync(into, deadline.Token).ConfigureAwait(false);
            deadline.AfterRead(read);
            return read;
        }
        catch (Exception exception) when (deadline.Caller.IsCancellationRequested && exception is not OperationCanceledException)
        {
            throw new OperationCanceledException("Speech was cancelled.", exception, deadline.Caller);
        }
        catch (OperationCanceledException exception) when (deadline.Expired)
        {
            throw new SpeechUnavailableException($"{provider} sent no audio for {limit.TotalSeconds:0.###} s.", exception);
        }
        catch (IOException exception)
        {
            throw new SpeechUnavailableException($"{provider}'s audio stream broke off: {exception.Message}", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new SpeechUnavailableException($"{provider}'s audio stream broke off: {exception.Message}", exception);
        }
    }
}
