using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Telemetry;

namespace WaQup.Grains.Credits;

/// <summary>A user's credits. Reservations expire through a grain timer while active and a reminder across crashes.</summary>
public sealed class CreditGrain(
    [PersistentState("credits", "waqup")] IPersistentState<CreditState> store,
    TimeProvider clock,
    WaQupMetrics metrics,
    ILogger<CreditGrain> logger) : Grain, ICreditGrain, IRemindable
{
    private const string ExpiryReminder = "expire-reservations";
    private IGrainTimer? _expiryTimer;

    private CreditState State => store.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await ExpireDueAsync();
        ScheduleExpiryTimer();
    }

    public async Task<CreditsView> GetAsync()
    {
        await ExpireDueAsync();
        return View();
    }

    public async Task<CreditStatement> GetStatementAsync()
    {
        await ExpireDueAsync();
        return new CreditStatement(State.Balance, State.Reserved, State.Ledger.ToArray());
    }

    public async Task<CreditsView> GrantAsync(string operationId, int amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (!State.Grants.Add(operationId))
        {
            return View();
        }

        Append(operationId, "grant", amount, reason);
        await store.WriteStateAsync();
        return View();
    }

    public async Task<ReserveOutcome> ReserveAsync(string operationId, int amount, TimeSpan ttl, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        await ExpireDueAsync();
        if (State.Reservations.TryGetValue(operationId, out var earlier))
        {
            return new ReserveOutcome(earlier.Status != ReservationStatus.Rejected, View());
        }

        var expiresAt = clock.GetUtcNow() + ttl;
        if (State.Balance < amount)
        {
            // Remembered so that a retry of the same operation gets the same answer.
            State.Reservations[operationId] = new Reservation(amount, expiresAt, ReservationStatus.Rejected, reason);
            await store.WriteStateAsync();
            return new ReserveOutcome(false, View());
        }

        State.Reservations[operationId] = new Reservation(amount, expiresAt, ReservationStatus.Open, reason);
        Append(operationId, "reserve", -amount, reason);
        await store.WriteStateAsync();
        metrics.CreditsMoved("reserved", amount);
        await EnsureExpiryReminderAsync();
        ScheduleExpiryTimer();
        return new ReserveOutcome(true, View());
    }

    public async Task<bool> ExtendAsync(string operationId, TimeSpan ttl)
    {
        await ExpireDueAsync();
        if (!State.Reservations.TryGetValue(operationId, out var reservation) || reservation.Status != ReservationStatus.Open)
        {
            return false;
        }

        var expiresAt = clock.GetUtcNow() + ttl;
        if (expiresAt > reservation.ExpiresAt)
        {
            State.Reservations[operationId] = reservation with { ExpiresAt = expiresAt };
            await store.WriteStateAsync();
            ScheduleExpiryTimer();
        }

        return true;
    }

    public async Task<CreditsView> CommitAsync(string operationId)
    {
        await ExpireDueAsync();
        if (State.Reservations.TryGetValue(operationId, out var reservation) && reservation.Status == ReservationStatus.Open)
        {
            State.Reservations[operationId] = reservation with { Status = ReservationStatus.Committed };
            // The reserve entry already took the credits from the balance; a commit makes that final.
            Append(operationId, "commit", 0, $"charged {reservation.Amount} for {reservation.Reason}");
            await store.WriteStateAsync();
            metrics.CreditsMoved("committed", reservation.Amount);
        }

        return View();
    }

    public async Task<CreditsView> RefundAsync(string operationId, string reason)
    {
        if (State.Reservations.TryGetValue(operationId, out var reservation) && reservation.Status == ReservationStatus.Open)
        {
            Refund(operationId, reservation, reason);
            await store.WriteStateAsync();
        }

        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }

        await ExpireDueAsync();
        if (!State.Reservations.Values.Any(r => r.Status == ReservationStatus.Open))
        {
            var reminder = await this.GetReminder(ExpiryReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    private async Task ExpireDueAsync()
    {
        var now = clock.GetUtcNow();
        var due = State.Reservations
            .Where(r => r.Value.Status == ReservationStatus.Open && r.Value.ExpiresAt <= now)
            .ToList();
        if (due.Count == 0)
        {
            return;
        }

        foreach (var (id, reservation) in due)
        {
            Refund(id, reservation, "reservation expired");
            logger.LogInformation("Reservation {OperationId} of {Amount} credits expired and was refunded", id, reservation.Amount);
        }

        await store.WriteStateAsync();
    }

    private void Refund(string operationId, Reservation reservation, string reason)
    {
        State.Reservations[operationId] = reservation with { Status = ReservationStatus.Refunded };
        Append(operationId, "refund", reservation.Amount, reason);
        // Counted when decided; the write follows in the caller.
        metrics.CreditsMoved("refunded", reservation.Amount);
    }

    private void Append(string operationId, string kind, int amount, string reason)
    {
        State.Balance += amount;
        State.Ledger.Add(new LedgerEntry($"{operationId}:{kind}", kind, amount, clock.GetUtcNow(), reason));
    }

    private CreditsView View() => new(State.Balance, State.Reserved);

    private async Task EnsureExpiryReminderAsync()
    {
        // The reminder only matters if this activation dies; the timer is what keeps expiry punctual.
        if (await this.GetReminder(ExpiryReminder) is null)
        {
            var firstDue = NextExpiry() is { } next ? next - clock.GetUtcNow() : TimeSpan.FromMinutes(1);
            var period = TimeSpan.FromMinutes(1);
            await this.RegisterOrUpdateReminder(ExpiryReminder, firstDue < TimeSpan.Zero ? TimeSpan.Zero : firstDue, period);
        }
    }

    private void ScheduleExpiryTimer()
    {
        _expiryTimer?.Dispose();
        _expiryTimer = null;
        if (NextExpiry() is not { } next)
        {
            return;
        }

        var due = next - clock.GetUtcNow();
        _expiryTimer = this.RegisterGrainTimer(
            async _ =>
            {
                await ExpireDueAsync();
                ScheduleExpiryTimer();
            },
            new GrainTimerCreationOptions(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan));
    }

    private DateTimeOffset? NextExpiry() =>
        State.Reservations.Values
            .Where(r => r.Status == ReservationStatus.Open)
            .Select(r => (DateTimeOffset?)r.ExpiresAt)
            .Min();
}
