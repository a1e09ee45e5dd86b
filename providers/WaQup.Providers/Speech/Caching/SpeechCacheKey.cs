using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using WaQup.Providers.Audio;

namespace WaQup.Providers.Speech.Caching;

/// <summary>SHA-256 of provider, voice, text and audio format, so identical speech shares one key and a key leaks no text.</summary>
internal static class SpeechCacheKey
{
    public static string Of(string provider, string voice, string text)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, provider);
        Append(hash, voice);
        Append(hash, text);
        Append(hash, $"{AudioFormat.WireName}/{AudioFormat.SampleRate}");
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    // Length-prefixed, so ("ab", "c") and ("a", "bc") never collide.
    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
