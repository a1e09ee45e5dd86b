namespace WaQup.Providers.Content;

/// <summary>Understands ordinary phrasing: what kind of ritual, about what, how long, and yes or no.</summary>
public interface ISlotExtractor
{
    /// <summary>Merges what <paramref name="utterance"/> says into <paramref name="known"/>; later statements win.</summary>
    SlotValues Extract(string utterance, SlotValues known);

    /// <summary>True for a yes, false for a no, null when the utterance is neither.</summary>
    bool? ParseConfirmation(string utterance);
}
