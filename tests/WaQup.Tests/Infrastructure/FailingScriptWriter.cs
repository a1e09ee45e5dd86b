using System.Runtime.CompilerServices;
using WaQup.Providers.Content;

namespace WaQup.Tests.Infrastructure;

/// <summary>The built-in writer, breaking down after a number of sentences, like a language model dropping its stream.</summary>
public sealed class FailingScriptWriter(int sentencesBeforeFailure) : IScriptWriter
{
    private readonly BuiltInScriptWriter _real = new();

    public string TitleFor(RitualSpec spec) => _real.TitleFor(spec);

    public async IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var written = 0;
        await foreach (var piece in _real.WriteAsync(spec, cancellationToken))
        {
            if (written++ == sentencesBeforeFailure)
            {
                throw new IOException("the model's stream was cut (injected by the test)");
            }

            yield return piece;
        }
    }
}
