namespace WaQup.Providers.Audio;

/// <summary>The one audio format streamed to clients: PCM16 LE mono, 24 kHz, in 40 ms frames.</summary>
public static class AudioFormat
{
    public const string WireName = "pcm16";
    public const int SampleRate = 24_000;
    public const int FrameMs = 40;
    public const int SamplesPerFrame = SampleRate * FrameMs / 1000;
    public const int FrameBytes = SamplesPerFrame * 2;
}
