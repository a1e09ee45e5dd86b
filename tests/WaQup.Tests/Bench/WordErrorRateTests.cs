using WaQup.Bench;

namespace WaQup.Tests.Bench;

public sealed class WordErrorRateTests
{
    [Theory]
    [InlineData("I'm nervous, OK?", "i am nervous okay")]
    [InlineData("Don't stop - that's enough!", "do not stop that is enough")]
    [InlineData("I can't sleep; let's do a twenty-five minute meditation", "i cannot sleep let us do a twenty five minute meditation")]
    [InlineData("alright, I'd love it", "all right i would love it")]
    public void Case_punctuation_and_contractions_are_not_errors(string reference, string transcript)
    {
        var errors = WordErrorRate.Compare(reference, transcript);

        Assert.Equal(0, errors.Errors);
        Assert.Equal(0, errors.Rate);
    }

    [Theory]
    [InlineData("help me sleep", 1, 0, 0)]
    [InlineData("help focus", 0, 1, 0)]
    [InlineData("help me to focus", 0, 0, 1)]
    [InlineData("", 0, 3, 0)]
    public void Substitutions_deletions_and_insertions_are_counted_apart(string transcript, int substitutions, int deletions, int insertions)
    {
        var errors = WordErrorRate.Compare("help me focus", transcript);

        Assert.Equal(new WordErrors(substitutions, deletions, insertions, 3), errors);
        Assert.Equal((substitutions + deletions + insertions) / 3.0, errors.Rate, 6);
    }

    [Fact]
    public void The_fewest_edits_are_counted_not_a_word_by_word_comparison()
    {
        // Compared position by position every word differs; one deletion and one insertion make them the same.
        var errors = WordErrorRate.Compare("i want to feel calm", "want to feel calm today");

        Assert.Equal(new WordErrors(0, 1, 1, 5), errors);
    }

    [Fact]
    public void A_possessive_stays_one_word_and_a_contracted_is_is_spelled_out()
    {
        Assert.Equal(["it", "is", "a", "woman's", "voice"], WordErrorRate.Normalise("It's a woman's voice."));
    }

    [Fact]
    public void Errors_added_up_over_utterances_are_a_rate_over_all_their_words()
    {
        var total = WordErrorRate.Compare("yes please", "yes") + WordErrorRate.Compare("a guided meditation for sleep", "a guided meditation for sleep");

        Assert.Equal(1.0 / 7, total.Rate, 6);
        Assert.Equal(1, WordErrorRate.Compare("", "hello").Rate);
    }
}
