namespace WaQup.Providers.Content;

/// <summary>Writes a ritual's script sentence by sentence, so speech can start before the script is finished.</summary>
public interface IScriptWriter
{
    /// <summary>A short title for the ritual, shown in the library.</summary>
    string TitleFor(RitualSpec spec);

    /// <summary>The script, one finished sentence at a time, paced (through pauses) to the requested duration.</summary>
    IAsyncEnumerable<ScriptPiece> WriteAsync(RitualSpec spec, CancellationToken cancellationToken);
}
