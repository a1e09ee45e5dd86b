namespace WaQup.Providers.Speech.Caching;

/// <summary>One finished synthesis in the cache: its chunks as the provider produced them and their total size.</summary>
internal sealed record CachedSpeech(string Key, ReadOnlyMemory<byte>[] Chunks, long Bytes);
