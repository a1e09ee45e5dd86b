namespace WaQup.Providers.Content;

/// <summary>Understands ordinary phrasing: what kind of ritual, about what, how long, and yes or no.</summary>
public interface ISlotExtractor
{
    /// <summary>
    /// Merges what <paramref name="utterance"/> says into <paramref name="known"/>; later statements win. It never
    /// fails: an extractor that asks a model falls back to the built-in rules when the model cannot answer in time.
    /// </summary>
    ValueTask<SlotValues> ExtractAsync(string utterance, SlotValues known, CancellationToken cancellationToken);

    /// <summary>True for a yes, false for a no, null when the utterance is neither.</summary>
    bool? ParseConfirmation(string utterance);
}
