using Npgsql;

namespace WaQup.Grains.Billing;

/// <summary>The payment tables in PostgreSQL (migration 0103).</summary>
public sealed class PostgresPaymentRecords(NpgsqlDataSource database) : IPaymentRecords
{
    public async Task<bool> RecordAsync(string eventId, string type, DateTimeOffset created, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        // One statement: the row is made if it is new, and read either way; concurrent deliveries of one event meet
        // at the primary key.
        await using var command = database.CreateCommand(
            """
            WITH made AS (
                INSERT INTO waqup_payment_events (event_id, type, created, received_at) VALUES ($1, $2, $3, $4)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING handled_at)
            SELECT handled_at FROM made
            UNION ALL
            SELECT handled_at FROM waqup_payment_events WHERE event_id = $1 AND NOT EXISTS (SELECT 1 FROM made)
            """);
        command.Parameters.AddWithValue(eventId);
        command.Parameters.AddWithValue(type);
        command.Parameters.AddWithValue(created.UtcDateTime);
        command.Parameters.AddWithValue(receivedAt.UtcDateTime);
        var handledAt = await command.ExecuteScalarAsync(cancellationToken);
        return handledAt is DateTime;
    }

    public async Task MarkHandledAsync(string eventId, string outcome, string? userId, DateTimeOffset handledAt, CancellationToken cancellationToken)
    {
        // Committed without waiting for the disk. The mark only spares a later delivery of this event the work of
        // applying it again, which changes nothing (its effects are keyed by Stripe's objects and were committed, and
        // waited for, before it): losing the mark in a crash costs that work once, and never moves money.
        await using var batch = database.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('synchronous_commit', 'off', true)"));
        var mark = new NpgsqlBatchCommand("UPDATE waqup_payment_events SET handled_at = $2, outcome = $3, user_id = $4 WHERE event_id = $1 AND handled_at IS NULL");
        mark.Parameters.AddWithValue(eventId);
        mark.Parameters.AddWithValue(handledAt.UtcDateTime);
        mark.Parameters.AddWithValue(outcome);
        mark.Parameters.AddWithValue((object?)userId ?? DBNull.Value);
        batch.BatchCommands.Add(mark);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> UserOfCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("SELECT user_id FROM waqup_payment_customers WHERE customer_id = $1");
        command.Parameters.AddWithValue(customerId);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task RememberCustomerAsync(string customerId, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO waqup_payment_customers (customer_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(customerId);
        command.Parameters.AddWithValue(userId);
        command.Parameters.AddWithValue(at.UtcDateTime);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
