namespace WaQup.Providers.Speech.Cloud;

/// <summary>Where paid speech providers record what they were asked to say, the unit they bill by.</summary>
public interface ISpeechUsage
{
    /// <summary>Called once per request the provider accepted; cached replays are not recorded because they cost nothing.</summary>
    void Record(string provider, int characters);
}
