using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WaQup.Grains.Configuration;
using WaQup.Grains.Telemetry;
using WaQup.Providers.Blobs;
using WaQup.Providers.Content;

namespace WaQup.Grains.Sessions.Production;

/// <summary>What making a ritual takes from its silo: the writer, its sound, the library copy's encoder, the blob store, the grains.</summary>
public sealed class ProductionServices(
    IGrainFactory grains,
    IScriptWriter writer,
    IBlobStore blobs,
    RecordingEncoder recordings,
    FramePool frames,
    IOptions<ConversationOptions> options,
    IOptions<SoundOptions> sound,
    TimeProvider clock,
    WaQupMetrics metrics,
    ILogger<RitualProduction> logger)
{
    public IGrainFactory Grains { get; } = grains;

    public IScriptWriter Writer { get; } = writer;

    public IBlobStore Blobs { get; } = blobs;

    public RecordingEncoder Recordings { get; } = recordings;

    public FramePool Frames { get; } = frames;

    public ConversationOptions Options => options.Value;

    public SoundOptions Sound => sound.Value;

    public TimeProvider Clock { get; } = clock;

    public WaQupMetrics Metrics { get; } = metrics;

    public ILogger Logger { get; } = logger;
}
