namespace WaQup.Providers.Blobs;

/// <summary>Blobs as files under one local directory: the embedded default for development and single-node installs.</summary>
/// <remarks>
/// Keys are relative paths with '/' separators. A key is refused (<see cref="ArgumentException"/>) when it is empty,
/// absolute, contains a backslash, ':', a control character or an empty segment, or when any segment starts with '.'
/// (which rules out "." and ".." and keeps the store's own dot-files out of reach). Writes go to a temporary file that
/// is renamed over the blob, so readers see the old content or the new one, never a torn file, and writing a key
/// again replaces it. The content type lives in a ".name.content-type" file beside the blob.
/// </remarks>
public sealed class LocalDirectoryBlobStore(LocalDirectoryBlobStoreOptions options) : IBlobStore
{
    private const string DefaultContentType = "application/octet-stream";
    private const int MaxKeyLength = 1024;
    private const int CopyBufferBytes = 81_920;

    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RootPath));

    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        if (contentType.Any(char.IsControl))
        {
            throw new ArgumentException("A content type cannot contain control characters.", nameof(contentType));
        }

        var (path, sidecar) = Resolve(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var temporary = TemporaryPathFor(path);
        try
        {
            var file = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
            });
            await using (file.ConfigureAwait(false))
            {
                await content.CopyToAsync(file, CopyBufferBytes, cancellationToken).ConfigureAwait(false);
                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                // fsync before the rename: otherwise a crash could leave the new name pointing at an empty file.
                file.Flush(flushToDisk: true);
            }

            await ReplaceTextAsync(sidecar, contentType, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public async Task<BlobReader?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var (path, sidecar) = Resolve(key);
        cancellationToken.ThrowIfCancellationRequested();
        FileStream stream;
        try
        {
            // FileShare.Delete lets a blob be replaced or deleted while someone is still listening to it.
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            var contentType = await ReadContentTypeAsync(sidecar, cancellationToken).ConfigureAwait(false);
            return new BlobReader(stream, stream.Length, contentType);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var (path, sidecar) = Resolve(key);
        cancellationToken.ThrowIfCancellationRequested();
        TryDeleteMissingOk(path);
        TryDeleteMissingOk(sidecar);
        return Task.CompletedTask;
    }

    private (string Path, string Sidecar) Resolve(string key)
    {
        ValidateKey(key);
        var path = Path.GetFullPath(Path.Join(_root, key));
        // Defence in depth: the rules above should already make this impossible.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The blob key '{key}' points outside the store.", nameof(key));
        }

        var sidecar = Path.Join(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + ".content-type");
        return (path, sidecar);
    }

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"A blob key is at most {MaxKeyLength} characters.", nameof(key));
        }

        if (key.Contains('\\') || key.Contains(':') || key.Any(char.IsControl) || Path.IsPathRooted(key))
        {
            throw new ArgumentException($"The blob key '{key}' must be a relative path with '/' separators.", nameof(key));
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.')
            {
                throw new ArgumentException($"The blob key '{key}' has an empty segment or one starting with '.'.", nameof(key));
            }
        }
    }

    private static string TemporaryPathFor(string path) =>
        Path.Join(Path.GetDirectoryName(path), $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static async Task ReplaceTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = TemporaryPathFor(path);
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static async Task<string> ReadContentTypeAsync(string sidecar, CancellationToken cancellationToken)
    {
        try
        {
            var text = (await File.ReadAllTextAsync(sidecar, cancellationToken).ConfigureAwait(false)).Trim();
            return text.Length == 0 ? DefaultContentType : text;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return DefaultContentType;
        }
    }

    private static void TryDeleteMissingOk(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover dot-file is invisible to readers and harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
