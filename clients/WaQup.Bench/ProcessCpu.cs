using System.Diagnostics;
using System.Globalization;

namespace WaQup.Bench;

/// <summary>
/// CPU time of this process and of the child processes it has waited for (from /proc/self/stat), so a synthesiser that
/// runs in-process (flite) and one that starts a process per sentence (espeak-ng) are timed alike.
/// </summary>
public static class ProcessCpu
{
    /// <summary>Linux's USER_HZ, the unit of /proc's times: 100 on every architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Seconds of CPU (user and system) used so far by this process and its reaped children.</summary>
    public static double Seconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds + ChildSeconds(File.Exists("/proc/self/stat") ? File.ReadAllText("/proc/self/stat") : "");
    }

    /// <summary>The children's user and system time (cutime, cstime: fields 16 and 17) of a /proc/PID/stat line.</summary>
    public static double ChildSeconds(string stat)
    {
        // The command name (field 2) is in parentheses and may hold spaces: count fields from after its closing one.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return 0;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        return fields.Length > 14
            ? (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / TicksPerSecond
            : 0;
    }
}
