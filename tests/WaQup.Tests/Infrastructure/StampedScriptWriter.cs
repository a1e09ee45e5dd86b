using System.Runtime.CompilerServices;
using WaQup.Providers.Content;

namespace WaQup.Tests.Infrastructure;

/// <summary>
/// A script whose every sentence repeats the ritual's topic, so speech made from it carries the topic's tag (see
/// <see cref="StampedSpeech"/>); no pauses, so no frame is shared silence.
/// </summary>
public sealed class StampedScriptWriter(int sentences) : IScriptWriter
{
    public string TitleFor(RitualSpec spec) => $"Stamped {spec.Topic}";

    public async IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 1; i <= sentences; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ScriptPiece($"Sentence {i} of {spec.Topic}.", 0);
            await Task.Yield();
        }
    }
}
