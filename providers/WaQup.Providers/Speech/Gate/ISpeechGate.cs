namespace WaQup.Providers.Speech.Gate;

/// <summary>Speech for a named requester, through a bounded number of syntheses per silo shared fairly between requesters.</summary>
public interface ISpeechGate
{
    /// <summary>
    /// The same audio as <see cref="ISpeechSynthesizer.SynthesizeAsync"/>, once a slot is free: waiting requests are
    /// served round robin across requesters and in order within one. The slot goes back when the synthesis has ended,
    /// however slowly the caller reads.
    /// </summary>
    /// <param name="requester">Whose request this is (a user id): the unit of fairness and of the waiting bound.</param>
    /// <exception cref="SpeechBusyException">Too many requests are waiting already, for this requester or in all.</exception>
    /// <exception cref="SpeechUnavailableException">The synthesiser failed or is not installed.</exception>
    IAsyncEnumerable<ReadOnlyMemory<byte>> SynthesizeAsync(string requester, string text, string voice, CancellationToken cancellationToken);
}
