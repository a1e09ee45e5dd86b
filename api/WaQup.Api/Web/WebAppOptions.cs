namespace WaQup.Api.Web;

/// <summary>Where the web app's built files are (section <c>Web</c>).</summary>
public sealed class WebAppOptions
{
    /// <summary>
    /// The folder of the built app (<c>clients/web/dist</c>; <c>./waqup up</c> sets it). When empty, the host's
    /// <c>wwwroot</c> if it holds an <c>index.html</c> (the container image puts it there); otherwise no app is served.
    /// </summary>
    public string? Root { get; set; }
}
