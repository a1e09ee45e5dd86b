namespace WaQup.Load;

/// <summary>Relative weights of the scenarios; each session plays a different scenario first so a short run still covers them all.</summary>
public sealed record ScenarioMix(int FreeText, int Structured, int Cancel, int Resume, int BadInput, int Voice = 0)
{
    public static ScenarioMix Default { get; } = new(35, 25, 15, 15, 10);

    public Scenario First(int sessionIndex)
    {
        var enabled = Enum.GetValues<Scenario>().Where(s => Weight(s) > 0).ToArray();
        return enabled.Length == 0 ? throw new InvalidOperationException("the scenario mix has no weight") : enabled[sessionIndex % enabled.Length];
    }

    public Scenario Pick(Random random)
    {
        var total = FreeText + Structured + Cancel + Resume + BadInput + Voice;
        var roll = random.Next(total);
        foreach (var scenario in Enum.GetValues<Scenario>())
        {
            roll -= Weight(scenario);
            if (roll < 0)
            {
                return scenario;
            }
        }

        return Scenario.StructuredRequest;
    }

    public int Weight(Scenario scenario) => scenario switch
    {
        Scenario.FreeTextAffirmation => FreeText,
        Scenario.StructuredRequest => Structured,
        Scenario.CancelMidSpeech => Cancel,
        Scenario.DisconnectAndResume => Resume,
        Scenario.Voice => Voice,
        _ => BadInput,
    };

    /// <summary>This mix with the voice scenario as <paramref name="percent"/> of the conversations, the others sharing the rest as before.</summary>
    public ScenarioMix WithVoiceShare(int percent)
    {
        var others = FreeText + Structured + Cancel + Resume + BadInput;
        return new ScenarioMix(FreeText * (100 - percent), Structured * (100 - percent), Cancel * (100 - percent), Resume * (100 - percent), BadInput * (100 - percent), others * percent);
    }
}
