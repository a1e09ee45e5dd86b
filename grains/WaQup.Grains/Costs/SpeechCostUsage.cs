using WaQup.Providers.Speech.Cloud;

namespace WaQup.Grains.Costs;

/// <summary>
/// The paid speech providers' billed characters (one record per request they accepted; the speech cache's replays
/// never reach them), as cost records, priced by the model configured for each provider.
/// </summary>
public sealed class SpeechCostUsage(CostRecorder recorder, IReadOnlyDictionary<string, string> models) : ISpeechUsage
{
    public void Record(string provider, int characters) =>
        recorder.Record(new CostInputs(provider, models.GetValueOrDefault(provider, ""), CostOperations.Speech, Characters: characters));
}
