using WaQup.Providers.Content;

namespace WaQup.Tests.Content;

/// <summary>Words of crisis are answered with help; figures of speech that only sound like them are not (issue 14, item 3).</summary>
public sealed class CrisisLanguageSpecs
{
    [Theory]
    [InlineData("I want to kill myself", CrisisKind.SelfHarm)]
    [InlineData("i've been thinking about suicide", CrisisKind.SelfHarm)]
    [InlineData("I feel suicidal tonight", CrisisKind.SelfHarm)]
    [InlineData("I just want to die", CrisisKind.SelfHarm)]
    [InlineData("I don't want to be alive anymore", CrisisKind.SelfHarm)]
    [InlineData("I don’t want to wake up tomorrow", CrisisKind.SelfHarm)]
    [InlineData("sometimes I think everyone would be better off if I was dead, I'm better off dead", CrisisKind.SelfHarm)]
    [InlineData("I keep hurting myself", CrisisKind.SelfHarm)]
    [InlineData("I started cutting myself again", CrisisKind.SelfHarm)]
    [InlineData("a meditation to help me stop self-harming", CrisisKind.SelfHarm)]
    [InlineData("I'm thinking of ending my life", CrisisKind.SelfHarm)]
    [InlineData("there's no reason to live", CrisisKind.SelfHarm)]
    [InlineData("I have chest pain and my arm is numb", CrisisKind.MedicalEmergency)]
    [InlineData("I think I'm having a heart attack", CrisisKind.MedicalEmergency)]
    [InlineData("I can't breathe", CrisisKind.MedicalEmergency)]
    [InlineData("I took too many pills", CrisisKind.MedicalEmergency)]
    [InlineData("my friend overdosed and won't wake up", CrisisKind.MedicalEmergency)]
    [InlineData("my dad is having a stroke", CrisisKind.MedicalEmergency)]
    [InlineData("my husband hits me", CrisisKind.Abuse)]
    [InlineData("I'm not safe at home", CrisisKind.Abuse)]
    [InlineData("I'm in an abusive relationship", CrisisKind.Abuse)]
    [InlineData("my boyfriend threatened to kill me", CrisisKind.Abuse)]
    [InlineData("I was sexually assaulted last year", CrisisKind.Abuse)]
    [InlineData("I don't feel safe with my partner", CrisisKind.Abuse)]
    public void Words_of_crisis_are_found(string said, CrisisKind kind) => Assert.Equal(kind, CrisisLanguage.Detect(said));

    [Theory]
    [InlineData("affirmations for my killer presentation tomorrow")]
    [InlineData("I want to kill it at my interview")]
    [InlineData("this traffic is killing me")]
    [InlineData("my feet are killing me after the hike")]
    [InlineData("I'm dying to try a body scan")]
    [InlineData("a chocolate cake to die for")]
    [InlineData("I could kill for a coffee")]
    [InlineData("help me cut myself some slack")]
    [InlineData("I need to cut down on sugar")]
    [InlineData("I'm overdosing on coffee this week")]
    [InlineData("I would never hurt myself, I'm just stressed")]
    [InlineData("I'm not suicidal, just sad")]
    [InlineData("a breathing exercise for when I'm anxious")]
    [InlineData("I feel safe at home and I want to relax")]
    [InlineData("my exam is going to kill me")]
    [InlineData("a meditation about letting go of the past")]
    [InlineData("I have a job interview tomorrow and I'm really nervous")]
    [InlineData("")]
    public void Figures_of_speech_and_ordinary_needs_are_not_a_crisis(string said) => Assert.Null(CrisisLanguage.Detect(said));
}
