namespace WaQup.Tests.Recognition;

public sealed class TmpDump
{
    [Fact]
    public async Task Dump()
    {
        string[] texts = ["i would like a guided meditation for sleep","an affirmation set for confidence at work one minute","yes please","no thanks","stop","help me relax","i have a job interview tomorrow and i'm really nervous","affirmations please about two minutes","a daily ritual for gratitude","that's enough","ten minutes","a meditation about letting go","can you make me an affirmation set for self love","okay","i feel anxious about my exams"];
        for (var i = 0; i < texts.Length; i++)
        {
            var pcm = await SpokenAudio.EspeakAsync(texts[i]);
            using var f = File.Create($"/tmp/es2/e{i:00}.raw");
            f.Write(pcm);
            await File.WriteAllTextAsync($"/tmp/es2/e{i:00}.txt", texts[i]);
        }
    }
}
