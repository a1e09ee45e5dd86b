using System.Text.RegularExpressions;

namespace WaQup.Kubernetes.Tests.Infrastructure;

/// <summary>Reads a container image reference: <c>registry/repository:tag</c> or <c>repository@sha256:digest</c>.</summary>
public static partial class ImageReference
{
    public static string? Tag(string image)
    {
        var withoutDigest = image.Split('@')[0];
        var colon = withoutDigest.LastIndexOf(':');
        // A colon before the last slash belongs to a registry's port, not to a tag.
        return colon > withoutDigest.LastIndexOf('/') ? withoutDigest[(colon + 1)..] : null;
    }

    public static bool HasDigest(string image) => image.Contains("@sha256:", StringComparison.Ordinal);

    /// <summary>A digest, or a tag that starts with a full version (<c>1.0.0</c>, <c>10.0.12-noble</c>, <c>1.0.0-dev.1</c>).</summary>
    public static bool IsPinned(string image) =>
        HasDigest(image) || (Tag(image) is { } tag && tag != "latest" && VersionTag().IsMatch(tag));

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+([-+.][0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionTag();
}
