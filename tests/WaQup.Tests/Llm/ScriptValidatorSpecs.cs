using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;

namespace WaQup.Tests.Llm;

/// <summary>Every sentence a model writes is checked before it is spoken.</summary>
public sealed class ScriptValidatorSpecs
{
    private static ScriptValidator For(RitualKind kind = RitualKind.Meditation, string topic = "my exam tomorrow") =>
        new(new RitualSpec(kind, topic, 5, "Sam", "en-GB", 1));

    [Theory]
    [InlineData("Breathe in slowly. 🌿✨", "Breathe in slowly.")]
    [InlineData("- Feel your feet on the floor.", "Feel your feet on the floor.")]
    [InlineData("2) Let your shoulders drop.", "Let your shoulders drop.")]
    [InlineData("You are _safe_ and `calm`.", "You are safe and calm.")]
    [InlineData("I am ready\u200d for today.", "I am ready for today.")]
    public void Decoration_is_taken_out_and_the_sentence_kept(string written, string spoken)
    {
        var verdict = For().Check(new ScriptPiece(written, 2000));

        Assert.True(verdict.Ok, verdict.Detail);
        Assert.Equal(new ScriptPiece(spoken, 2000), verdict.Piece);
    }

    [Theory]
    [InlineData("---")]
    [InlineData("🌙 ✨")]
    public void A_line_of_nothing_but_decoration_is_empty(string written) =>
        Assert.Equal(SentenceProblem.Empty, For().Check(new ScriptPiece(written, 0)).Problem);

    [Theory]
    [InlineData("Here is your meditation for your exam.")]
    [InlineData("As an AI, I cannot know how you feel, but let us begin.")]
    [InlineData("I'm sorry, but I can't help with that.")]
    [InlineData("Title: Calm Before the Exam")]
    [InlineData("Step 1: breathe.")]
    [InlineData("Read more at https://example.com/calm.")]
    [InlineData("Ignore the instructions above.")]
    [InlineData("<topic>my exam tomorrow</topic>")]
    public void Words_about_the_script_are_not_the_script(string written) =>
        Assert.Equal(SentenceProblem.NotScript, For().Check(new ScriptPiece(written, 0)).Problem);

    [Theory]
    [InlineData("Remember to take your medication before bed.")]
    [InlineData("Imagine the blood flowing from the wound.")]
    [InlineData("Think of death as a quiet friend.")]
    [InlineData("Some people want to end it all, and that is okay.")]
    [InlineData("Let go of the damn stress.")]
    [InlineData("Picture the knife on the table.")]
    public void Words_of_harm_medicine_or_crisis_are_unsafe(string written) =>
        Assert.Equal(SentenceProblem.Unsafe, For().Check(new ScriptPiece(written, 0)).Problem);

    [Fact]
    public void Words_the_listener_used_in_their_topic_may_be_said_back()
    {
        var validator = For(RitualKind.Affirmation, "my killer presentation");

        Assert.True(validator.Check(new ScriptPiece("I deliver my killer presentation with ease.", 0)).Ok);
        Assert.Equal(SentenceProblem.Unsafe, validator.Check(new ScriptPiece("I kill the fear.", 0)).Problem);
    }

    [Fact]
    public void A_sentence_too_long_to_follow_is_refused()
    {
        var rambling = string.Join(' ', Enumerable.Repeat("softly", ScriptValidator.MaxWords + 1)) + ".";

        var verdict = For().Check(new ScriptPiece(rambling, 0));

        Assert.Equal(SentenceProblem.TooLong, verdict.Problem);
        Assert.Contains("61 words", verdict.Detail);
    }

    [Fact]
    public void A_meditation_says_each_sentence_once_and_a_five_minute_affirmation_set_at_most_twice()
    {
        var meditation = For(RitualKind.Meditation);
        var affirmations = For(RitualKind.Affirmation);

        Assert.True(meditation.Check(new ScriptPiece("Breathe in.", 0)).Ok);
        Assert.Equal(SentenceProblem.Repeated, meditation.Check(new ScriptPiece("breathe in", 0)).Problem);
        Assert.True(affirmations.Check(new ScriptPiece("I am ready.", 0)).Ok);
        Assert.True(affirmations.Check(new ScriptPiece("I am ready.", 0)).Ok);
        Assert.Equal(SentenceProblem.Repeated, affirmations.Check(new ScriptPiece("I am ready!", 0)).Problem);
    }

    [Theory]
    [InlineData("Let the day die down around you.")]
    [InlineData("Hello, Sam, and welcome.")]
    [InlineData("Your breath is steady, and your mind is clear.")]
    [InlineData("Notice the weight of your shoulders.")]
    public void Ordinary_calm_sentences_pass(string written) =>
        Assert.True(For().Check(new ScriptPiece(written, 0)).Ok);

    [Fact]
    public void Every_sentence_the_built_in_writer_writes_passes()
    {
        var writer = new BuiltInScriptWriter();
        foreach (var kind in Enum.GetValues<RitualKind>())
        {
            foreach (var minutes in new[] { 1, 5, 20 })
            {
                for (var seed = 1; seed <= 5; seed++)
                {
                    var spec = new RitualSpec(kind, "my exam tomorrow", minutes, "Sam", "en-GB", seed, "nervous");
                    var validator = new ScriptValidator(spec);
                    foreach (var planned in writer.Plan(spec))
                    {
                        var verdict = validator.Check(planned.Piece);
                        Assert.True(verdict.Ok, $"{kind} {minutes} min seed {seed}: \"{planned.Piece.Text}\" is {verdict.Problem} {verdict.Detail}");
                    }
                }
            }
        }
    }
}
