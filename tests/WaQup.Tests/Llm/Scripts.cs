using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;

namespace WaQup.Tests.Llm;

/// <summary>What the script writer tests share: a spec, quick resilience settings, and reading a script to the end.</summary>
public static class Scripts
{
    public const string ApiKey = "sk-test-5f1e9a7c3b2d4e6f8a0b1c2d3e4f5a6b";

    public static RitualSpec Spec(RitualKind kind = RitualKind.Meditation, int minutes = 1) =>
        new(kind, "my exam tomorrow", minutes, "Sam", "en-GB", 7);

    /// <summary>
    /// Fast backoff and an unhurried breaker, so retry tests take milliseconds and never trip it by accident. The
    /// built-in fallback is off unless asked for, so a failure shows as one.
    /// </summary>
    public static LlmResilienceOptions Quick(int maxRetries = 2, bool fallback = false) => new()
    {
        MaxRetries = maxRetries,
        FallbackToBuiltIn = fallback,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        FirstTokenTimeout = TimeSpan.FromSeconds(5),
        BreakMinimumAttempts = 50,
    };

    public static async Task<List<ScriptPiece>> CollectAsync(IAsyncEnumerable<ScriptPiece> pieces)
    {
        var all = new List<ScriptPiece>();
        await foreach (var piece in pieces.WithCancellation(TestContext.Current.CancellationToken))
        {
            all.Add(piece);
        }

        return all;
    }

    public static int TotalMs(IEnumerable<ScriptPiece> pieces) =>
        pieces.Sum(p => BuiltInScriptWriter.EstimateSpeechMs(p.Text) + p.PauseAfterMs);
}
