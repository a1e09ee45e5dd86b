namespace WaQup.Grains.Billing;

/// <summary>The payment tables: webhook events once per id, and which user each Stripe customer is.</summary>
public interface IPaymentRecords
{
    /// <summary>Records a received event (once per id); true when it was already handled, so nothing is left to do.</summary>
    Task<bool> RecordAsync(string eventId, string type, DateTimeOffset created, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    Task MarkHandledAsync(string eventId, string outcome, string? userId, DateTimeOffset handledAt, CancellationToken cancellationToken);

    Task<string?> UserOfCustomerAsync(string customerId, CancellationToken cancellationToken);

    Task RememberCustomerAsync(string customerId, string userId, DateTimeOffset at, CancellationToken cancellationToken);
}
