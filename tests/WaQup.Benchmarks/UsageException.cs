namespace WaQup.Benchmarks;

/// <summary>The command line is wrong; the message says how, and the program exits with 2.</summary>
public sealed class UsageException(string message) : Exception(message);
