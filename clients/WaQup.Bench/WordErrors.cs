namespace WaQup.Bench;

/// <summary>Word errors of one transcript against its reference (or of many, added up): WER is their sum over the reference's words.</summary>
public readonly record struct WordErrors(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
{
    public int Errors => Substitutions + Deletions + Insertions;

    /// <summary>Errors per reference word; an insertion into an empty reference counts as a whole error.</summary>
    public double Rate => ReferenceWords == 0 ? (Errors == 0 ? 0 : 1) : (double)Errors / ReferenceWords;

    public static WordErrors operator +(WordErrors a, WordErrors b) =>
        new(a.Substitutions + b.Substitutions, a.Deletions + b.Deletions, a.Insertions + b.Insertions, a.ReferenceWords + b.ReferenceWords);
}
