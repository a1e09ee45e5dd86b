using WaQup.Abstractions.Protocol;
using WaQup.Providers.Content;
using WaQup.Providers.Content.Llm;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Llm;

/// <summary>The prompts live as files in the repository (providers/.../Content/Llm/Prompts) and reach the model as written.</summary>
public sealed class PromptFilesSpecs
{
    private static readonly string Folder = Path.Combine(Repository.Root, "providers", "WaQup.Providers", "Content", "Llm", "Prompts");

    [Fact]
    public void Every_prompt_file_in_the_folder_is_built_in_and_reads_as_the_file_says()
    {
        var onDisk = Directory.GetFiles(Folder, "*.txt").Select(Path.GetFileNameWithoutExtension).Order().ToList();

        Assert.Equal(onDisk, PromptFiles.Names.Order());
        foreach (var name in PromptFiles.Names)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(Folder, name + ".txt")).ReplaceLineEndings("\n").TrimEnd('\n'), PromptFiles.Text(name));
        }
    }

    [Fact]
    public void The_system_prompt_is_the_rules_file_with_its_limit_filled_in()
    {
        var system = ScriptPrompt.For(new RitualSpec(RitualKind.Meditation, "my exam", 5, null, "en-GB", 1)).System;

        Assert.StartsWith("You write scripts for waQup", system);
        Assert.Contains("no sentence longer than forty words", system);
        Assert.DoesNotContain("{{", system);
    }

    [Theory]
    [InlineData(RitualKind.Affirmation, "first person and present tense")]
    [InlineData(RitualKind.Meditation, "Five parts, in this order")]
    [InlineData(RitualKind.Ritual, "Then five timed steps.")]
    public void Each_kind_is_asked_for_in_the_words_of_its_file(RitualKind kind, string expected)
    {
        var user = ScriptPrompt.For(new RitualSpec(kind, "my exam", 5, null, "en-GB", 1)).User;

        Assert.Contains(expected, user);
        Assert.DoesNotContain("{{", user);
    }

    [Fact]
    public void A_placeholder_left_without_a_value_or_a_value_without_a_placeholder_is_refused()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => PromptFiles.Fill(PromptFiles.RitualStructure, new Dictionary<string, string>()));
        var unused = Assert.Throws<InvalidOperationException>(() => PromptFiles.Fill(
            PromptFiles.RitualStructure, new Dictionary<string, string> { ["step_count"] = "two", ["mood"] = "calm" }));

        Assert.Contains("no value for step_count", missing.Message);
        Assert.Contains("no placeholder for mood", unused.Message);
        Assert.Throws<InvalidOperationException>(() => PromptFiles.Text("no-such-prompt"));
    }

    [Fact]
    public void A_value_holding_braces_is_put_in_as_it_is()
    {
        var filled = PromptFiles.Fill(PromptFiles.RitualStructure, new Dictionary<string, string> { ["step_count"] = "{{step_count}}" });

        Assert.Contains("Then {{step_count}} timed steps.", filled);
    }
}
