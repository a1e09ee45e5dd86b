namespace WaQup.Providers.Content.Llm;

/// <summary>
/// Notes the Retry-After of a failed response on the current <see cref="LlmAttempt"/>: the Anthropic SDK's exceptions
/// carry the status and body but not the headers.
/// </summary>
internal sealed class RetryAfterCapture : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && LlmAttempt.Current is { } attempt)
        {
            attempt.RetryAfter = RetryAfter.Parse(
                Header(response, "retry-after-ms"),
                Header(response, "retry-after"),
                DateTimeOffset.UtcNow);
        }

        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
