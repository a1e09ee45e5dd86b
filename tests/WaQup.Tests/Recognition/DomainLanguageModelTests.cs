using WaQup.Providers.Recognition.Embedded;

namespace WaQup.Tests.Recognition;

/// <summary>The language model the embedded recogniser decodes with: the phrase file, the n-gram estimate, the words it can say.</summary>
public sealed class DomainLanguageModelTests
{
    private const string Dictionary = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";

    [Theory]
    [InlineData("loose line\n[kind]\nritual", "comes before any [list]")]
    [InlineData("[say]\n{kind} please", "not a list with entries")]
    [InlineData("[topic]\nmy {topic}\n[say]\n{topic}", "inside itself")]
    public void A_broken_phrase_file_is_refused_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => DomainCorpus.Parse(text));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Templates_are_filled_from_their_lists_the_same_way_every_time()
    {
        var corpus = DomainCorpus.Parse("[kind]\nA Meditation\nan affirmation set\n[say_request]\n{kind} for sleep\n[say_answer]\nyes\n");

        var sentences = corpus.Sentences();

        Assert.Equal(["yes", "a meditation for sleep", "an affirmation set for sleep"], sentences.OrderBy(s => s.Length).ThenBy(s => s));
        Assert.Equal(sentences, corpus.Sentences());
    }

    [Fact]
    public void The_model_is_a_proper_distribution_after_any_history()
    {
        var corpus = DomainCorpus.Embedded();
        var model = NgramModel.Estimate(corpus.Sentences(), ["breathe", "gently"]);
        var words = model.Vocabulary.Append(NgramModel.SentenceEnd).ToList();

        foreach (var history in new[] { Array.Empty<string>(), ["<s>"], ["<s>", "i"], ["a", "guided"], ["guided", "meditation"], ["gently", "breathe"], ["zebra"] })
        {
            var total = words.Sum(w => model.Probability(w, history));
            Assert.True(Math.Abs(total - 1) < 1e-6, $"after '{string.Join(' ', history)}' the probabilities sum to {total}");
        }

        Assert.True(model.Probability("meditation", "a", "guided") > 0.5);
        Assert.True(model.Probability("gently") > 0, "a background word can be said anywhere");
    }

    [Fact]
    public void Every_word_of_the_phrases_can_be_pronounced()
    {
        var missing = new List<string>();

        PronunciationDictionaryFor(dictionary => missing.AddRange(DomainCorpus.Embedded().Words().Where(w => !w.Contains('{') && dictionary.Pronounce(w).Count == 0)));

        Assert.True(missing.Count == 0, $"add these to the pronouncing dictionary or say them differently in DomainPhrases.txt: {string.Join(", ", missing)}");
    }

    [Fact]
    public void A_word_made_of_two_known_words_is_said_as_both()
    {
        PronunciationDictionaryFor(dictionary =>
        {
            Assert.Empty(dictionary.Pronounce("qwzxv"));
            Assert.Equal($"{dictionary.Pronounce("breath")[0]} {dictionary.Pronounce("work")[0]}", dictionary.Pronounce("breathwork")[0]);
        });
    }

    [Fact]
    public async Task The_model_files_are_built_once_and_found_again()
    {
        var cache = Directory.CreateTempSubdirectory("waqup-lm-").FullName;
        try
        {
            var first = await DomainLanguageModel.BuildAsync(Dictionary, cache, TestContext.Current.CancellationToken);
            var written = File.GetLastWriteTimeUtc(first.LanguageModel);
            var second = await DomainLanguageModel.BuildAsync(Dictionary, cache, TestContext.Current.CancellationToken);

            Assert.Equal(first.LanguageModel, second.LanguageModel);
            Assert.Equal(written, File.GetLastWriteTimeUtc(second.LanguageModel));
            var arpa = await File.ReadAllLinesAsync(first.LanguageModel, TestContext.Current.CancellationToken);
            Assert.Equal(@"\data\", arpa[0]);
            Assert.Equal(@"\end\", arpa[^1]);
            Assert.Contains(File.ReadLines(first.Dictionary), line => line.StartsWith("meditation ", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static void PronunciationDictionaryFor(Action<PronunciationDictionary> check) =>
        check(PronunciationDictionary.LoadAsync(Dictionary, CancellationToken.None).GetAwaiter().GetResult());
}
