namespace WaQup.Tests.Infrastructure;

/// <summary>The repository the tests run from: files they check against what the code does (prompts, the web app's wire types).</summary>
public static class Repository
{
    /// <summary>The folder holding WaQup.sln, above the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "WaQup.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("WaQup.sln not found above " + AppContext.BaseDirectory);
    }
}
