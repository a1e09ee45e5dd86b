namespace WaQup.Providers.Content;

/// <summary>A place the body scan visits, with the grammar the sentences need.</summary>
internal sealed record BodyPart(string Phrase, bool Plural)
{
    public string It => Plural ? "them" : "it";

    public string They => Plural ? "they" : "it";

    public string Is => Plural ? "are" : "is";

    public string Feels => Plural ? "feel" : "feels";
}
