using Xunit;

namespace WaQup.Tests.Speech;

/// <summary>A shell script standing in for espeak-ng, to pin down process handling that real speech is too fast to show.</summary>
internal sealed class FakeEspeak : IDisposable
{
    // RIFF with the placeholder lengths a streaming writer uses, a LIST chunk to skip, then 16-bit mono 22 050 Hz data.
    private const string Header =
        @"printf 'RIFF\377\377\377\377WAVE'; " +
        @"printf 'LIST\005\000\000\000abcde\000'; " +
        @"printf 'fmt \020\000\000\000\001\000\001\000\042\126\000\000\104\254\000\000\002\000\020\000'; " +
        @"printf 'data\377\377\377\377'; ";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("waqup-fake-espeak-");

    private FakeEspeak(string body)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "The stand-in is a POSIX shell script.");
        PidFile = Path.Join(_directory.FullName, "pid");
        ExecutablePath = Path.Join(_directory.FullName, "espeak-ng");
        File.WriteAllText(ExecutablePath, $"#!/bin/sh\necho $$ > '{PidFile}'\ncat > /dev/null\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ExecutablePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string ExecutablePath { get; }

    public string PidFile { get; }

    /// <summary>Writes a header and 0.2 s of noise, then keeps its output open for a minute without writing more.</summary>
    public static FakeEspeak SpeaksThenHangs() => new(Header + "head -c 8820 /dev/urandom; exec sleep 60");

    public static FakeEspeak FailsWith(int exitCode) => new($"echo 'voice exploded' >&2; exit {exitCode}");

    public static FakeEspeak WritesOnlyAHeader() => new(Header + "exit 0");

    public int ReadPid() => int.Parse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (File.Exists(PidFile) && IsRunning(ReadPid()))
        {
            System.Diagnostics.Process.GetProcessById(ReadPid()).Kill();
        }

        _directory.Delete(recursive: true);
    }
}
