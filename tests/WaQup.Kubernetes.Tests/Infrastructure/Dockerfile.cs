namespace WaQup.Kubernetes.Tests.Infrastructure;

/// <summary>One instruction of a Dockerfile, its continuation lines joined.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments);

/// <summary>One build stage: its <c>FROM</c> image, its name and the instructions that follow.</summary>
public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) =>
        Instructions.Where(instruction => instruction.Keyword == keyword).Select(instruction => instruction.Arguments);
}

/// <summary>A Dockerfile read as text into stages; enough to check it without a Docker engine.</summary>
public sealed class Dockerfile(IReadOnlyList<DockerStage> stages)
{
    public IReadOnlyList<DockerStage> Stages => stages;

    public DockerStage Final => stages[^1];

    public static Dockerfile Load(string path) => Parse(File.ReadAllLines(path));

    public static Dockerfile Parse(IEnumerable<string> lines)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in Instructions(lines))
        {
            if (instruction.Keyword == "FROM")
            {
                // Flags such as --platform come before the image.
                var words = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(word => word.StartsWith("--", StringComparison.Ordinal)).ToArray();
                var name = words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                current = [];
                stages.Add(new DockerStage(words[0], name, current));
            }
            else
            {
                current?.Add(instruction);
            }
        }

        return new Dockerfile(stages);
    }

    private static IEnumerable<DockerInstruction> Instructions(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            // Docker drops comment lines, including those inside a continued instruction.
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = pending + line;
            pending = "";
            var space = whole.IndexOf(' ');
            yield return space < 0
                ? new DockerInstruction(whole.ToUpperInvariant(), "")
                : new DockerInstruction(whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim());
        }
    }
}
