using BenchmarkDotNet.Attributes;
using WaQup.Providers.Content;

namespace WaQup.Benchmarks.Content;

/// <summary>
/// What every spoken request passes through before the engine answers: kind, topic, duration and voice out of the
/// person's words. The profile of the unpaced events run put it at 8 % of the silo's CPU before it was tuned.
/// </summary>
[MemoryDiagnoser]
public class SlotExtraction
{
    private readonly BuiltInSlotExtractor _extractor = new();
    private readonly SlotValues _none = new(null, null, null, null);

    [Benchmark]
    public SlotValues FullRequest() => _extractor.Extract("an affirmation set for confidence at work, one minute", _none);

    [Benchmark]
    public SlotValues SpokenHour() => _extractor.Extract("could I have a guided meditation for sleep, about half an hour, in a calm female voice", _none);

    [Benchmark]
    public SlotValues NoDuration() => _extractor.Extract("something to help me feel less anxious before my exam tomorrow", _none);
}
