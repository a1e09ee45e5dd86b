namespace WaQup.Kubernetes.Tests.Infrastructure;

/// <summary>The repository's root folder, found by walking up from the test binaries to <c>WaQup.sln</c>.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Path => Location.Value;

    public static string File(string relativePath) => System.IO.Path.Combine(Path, relativePath);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(folder.FullName, "WaQup.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No WaQup.sln above {AppContext.BaseDirectory}.");
    }
}
