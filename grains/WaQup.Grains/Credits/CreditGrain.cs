using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;
using WaQup.Grains.Persistence;
using WaQup.Grains.Telemetry;

namespace WaQup.Grains.Credits;

/// <summary>
/// A user's credits. Reservations expire through a grain timer while active and a reminder across crashes. Settled
/// entries live in the ledger table; the state keeps the balance, the open reservations and the entries not yet there.
/// </summary>
/// <remarks>
/// Why an entry rides in the state until the table holds it, rather than one PostgreSQL transaction writing the entry
/// and the balance: the balance is grain state, written by Orleans' storage provider in a statement of its own that
/// no transaction of ours can join. So an operation is applied by one state write carrying the new balance and its
/// new entries together (both or neither); the entries are then copied to the table, where a copy made twice is a
/// no-op; and an entry leaves the state only once the table holds it. Whatever fails or crashes in between, each
/// applied entry is in the state or in the table (or both), and "was this operation applied?" asks both. So a retry,
/// however late, finds the first application, and the balance moves exactly once.
/// </remarks>
public sealed partial class CreditGrain(
    [PersistentState("credits", "waqup")] IPersistentState<CreditState> store,
    ICreditLedger ledger,
    TimeProvider clock,
    WaQupMetrics metrics,
    ILogger<CreditGrain> logger) : Grain, ICreditGrain, IRemindable
{
    private const string ExpiryReminder = "expire-reservations";
    private const int MostEntriesPerPage = 1000;

    /// <summary>How many settled reservations the state remembers; older ones are looked up in the table.</summary>
    private const int RecentlySettledKept = 32;
    private IGrainTimer? _expiryTimer;

    private CreditState State => store.State;

    private string UserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (UpgradeOldState())
        {
            await SaveAsync();
        }

        await ExpireDueAsync();
        await TryFlushAsync();
        ScheduleExpiryTimer();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => TryFlushAsync();

    public async Task<CreditsView> GetAsync()
    {
        await ExpireDueAsync();
        return View();
    }

    public async Task<CreditStatement> GetStatementAsync()
    {
        await ExpireDueAsync();
        var newestFirst = await NewestBeforeAsync(null, int.MaxValue);
        return new CreditStatement(State.Balance, State.Reserved, newestFirst.Reverse().Select(e => e.Entry).ToArray());
    }

    public async Task<LedgerPage> GetLedgerPageAsync(long? beforePosition, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        limit = Math.Min(limit, MostEntriesPerPage);
        await ExpireDueAsync();
        var newestFirst = await NewestBeforeAsync(beforePosition, limit + 1);
        var page = newestFirst.Take(limit).Reverse().ToArray();
        long? olderBefore = newestFirst.Count > limit ? page[0].Position : null;
        return new LedgerPage(State.Balance, State.Reserved, page.Select(e => e.Entry).ToArray(), olderBefore);
    }

    public async Task<ReservationCheck> CheckReservationAsync(string operationId)
    {
        await ExpireDueAsync();
        ReservationStanding standing;
        if (State.Reservations.TryGetValue(operationId, out var reservation))
        {
            standing = reservation.Status switch
            {
                ReservationStatus.Open => ReservationStanding.Open,
                ReservationStatus.Committed => ReservationStanding.Committed,
                ReservationStatus.Refunded => ReservationStanding.Refunded,
                _ => ReservationStanding.Refused,
            };
        }
        else
        {
            var commit = LedgerKinds.EntryId(operationId, LedgerKinds.Commit);
            var refund = LedgerKinds.EntryId(operationId, LedgerKinds.Refund);
            var refusal = LedgerKinds.EntryId(operationId, LedgerKinds.Refusal);
            var applied = await AppliedAsync(commit, refund, refusal);
            standing = applied.Contains(commit) ? ReservationStanding.Committed
                : applied.Contains(refund) ? ReservationStanding.Refunded
                : applied.Contains(refusal) ? ReservationStanding.Refused
                : ReservationStanding.Unknown;
        }

        return new ReservationCheck(standing, State.Balance, State.Reserved);
    }

    public async Task<CreditsView> GrantAsync(string operationId, int amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if ((await AppliedAsync(LedgerKinds.EntryId(operationId, LedgerKinds.Grant))).Count == 0)
        {
            Append(operationId, LedgerKinds.Grant, amount, reason);
            await SaveAsync();
        }

        return View();
    }

    public async Task<CreditsView> CreditAsync(string operationId, int amount, string kind, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (!LedgerKinds.Credits.Contains(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"credits are added as {string.Join(", ", LedgerKinds.Credits)}");
        }

        if ((await AppliedAsync(LedgerKinds.EntryId(operationId, kind))).Count == 0)
        {
            Append(operationId, kind, amount, reason);
            await SaveAsync();
            metrics.CreditsMoved(kind, amount);
        }

        return View();
    }

    public async Task<DebitOutcome> DebitAsync(string operationId, int amount, string kind, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (!LedgerKinds.Debits.Contains(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"credits are taken as {string.Join(", ", LedgerKinds.Debits)}");
        }

        await ExpireDueAsync();
        if ((await AppliedAsync(LedgerKinds.EntryId(operationId, kind))).Count > 0)
        {
            return new DebitOutcome(true, View());
        }

        if (State.Balance < amount)
        {
            // Unlike a refused reservation, nothing is written: the buyer may add credits and ask again under the same id.
            return new DebitOutcome(false, View());
        }

        Append(operationId, kind, -amount, reason);
        await SaveAsync();
        metrics.CreditsMoved(kind, amount);
        return new DebitOutcome(true, View());
    }

    public async Task<KindEntries> GetEntriesOfKindAsync(string kind, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        limit = Math.Min(limit, MostEntriesPerPage);
        await TryFlushAsync();
        var (total, fromTable) = await ledger.ReadKindAsync(UserId, kind, limit, CancellationToken.None);
        // Entries the table could not take yet still count: they are applied.
        var pending = State.PositionedUnflushed().Where(e => e.Entry.Kind == kind).ToArray();
        var tableIds = await ledger.FindAsync(UserId, pending.Select(e => e.Entry.Id).ToArray(), CancellationToken.None);
        var unseen = pending.Where(e => !tableIds.Contains(e.Entry.Id)).ToArray();
        var newestFirst = fromTable.Concat(unseen)
            .OrderByDescending(e => e.Position)
            .Take(limit)
            .Select(e => e.Entry)
            .ToArray();
        return new KindEntries(total + unseen.Sum(e => (long)e.Entry.Amount), newestFirst);
    }

    public async Task<ClawbackOutcome> ClawbackAsync(string operationId, int amount, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        await ExpireDueAsync();
        var entry = LedgerKinds.EntryId(operationId, LedgerKinds.Clawback);
        if (await TakenAsync(entry) is { } taken)
        {
            return new ClawbackOutcome(taken, View());
        }

        var take = Math.Min(amount, Math.Max(0, State.Balance));
        Append(operationId, LedgerKinds.Clawback, -take, take < amount ? $"{reason} ({amount - take} of it already spent)" : reason);
        await SaveAsync();
        metrics.CreditsMoved("clawed_back", take);
        return new ClawbackOutcome(take, View());
    }

    public async Task<ReserveOutcome> ReserveAsync(string operationId, int amount, TimeSpan ttl, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        await ExpireDueAsync();
        if (State.Reservations.TryGetValue(operationId, out var known))
        {
            return new ReserveOutcome(known.Status != ReservationStatus.Rejected, View());
        }

        var reserve = LedgerKinds.EntryId(operationId, LedgerKinds.Reserve);
        var earlier = await AppliedAsync(reserve, LedgerKinds.EntryId(operationId, LedgerKinds.Refusal));
        if (earlier.Count > 0)
        {
            return new ReserveOutcome(earlier.Contains(reserve), View());
        }

        if (State.Balance < amount)
        {
            // Written down so that a retry of the same operation is refused again, even once the balance would allow it.
            Settle(operationId, new Reservation(amount, clock.GetUtcNow(), ReservationStatus.Rejected, reason));
            Append(operationId, LedgerKinds.Refusal, 0, reason);
            await SaveAsync();
            return new ReserveOutcome(false, View());
        }

        State.Reservations[operationId] = new Reservation(amount, clock.GetUtcNow() + ttl, ReservationStatus.Open, reason);
        Append(operationId, LedgerKinds.Reserve, -amount, reason);
        await SaveAsync();
        metrics.CreditsMoved("reserved", amount);
        await EnsureExpiryReminderAsync();
        ScheduleExpiryTimer();
        return new ReserveOutcome(true, View());
    }

    public async Task<bool> ExtendAsync(string operationId, TimeSpan ttl)
    {
        await ExpireDueAsync();
        if (!IsOpen(operationId))
        {
            return false;
        }

        var reservation = State.Reservations[operationId];
        var expiresAt = clock.GetUtcNow() + ttl;
        if (expiresAt > reservation.ExpiresAt)
        {
            State.Reservations[operationId] = reservation with { ExpiresAt = expiresAt };
            await SaveAsync();
            ScheduleExpiryTimer();
        }

        return true;
    }

    public async Task<CreditsView> CommitAsync(string operationId)
    {
        await ExpireDueAsync();
        if (IsOpen(operationId))
        {
            var reservation = State.Reservations[operationId];
            Settle(operationId, reservation with { Status = ReservationStatus.Committed });
            // The reserve entry already took the credits from the balance; a commit makes that final.
            Append(operationId, LedgerKinds.Commit, 0, $"charged {reservation.Amount} for {reservation.Reason}");
            await SaveAsync();
            metrics.CreditsMoved("committed", reservation.Amount);
        }

        return View();
    }

    public async Task<CreditsView> RefundAsync(string operationId, string reason)
    {
        if (IsOpen(operationId))
        {
            var reservation = State.Reservations[operationId];
            Refund(operationId, reservation, reason);
            await SaveAsync();
            metrics.CreditsMoved("refunded", reservation.Amount);
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
        await TryFlushAsync();
        if (!State.Reservations.Values.Any(r => r.Status == ReservationStatus.Open))
        {
            var reminder = await this.GetReminder(ExpiryReminder);
            if (reminder is not null)
            {
                await this.UnregisterReminder(reminder);
            }
        }
    }

    private bool IsOpen(string operationId) =>
        State.Reservations.TryGetValue(operationId, out var reservation) && reservation.Status == ReservationStatus.Open;

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
        }

        await SaveAsync();
        foreach (var (id, reservation) in due)
        {
            metrics.CreditsMoved("refunded", reservation.Amount);
            logger.LogInformation("Reservation {OperationId} of {Amount} credits expired and was refunded", id, reservation.Amount);
        }
    }

    private void Refund(string operationId, Reservation reservation, string reason)
    {
        Settle(operationId, reservation with { Status = ReservationStatus.Refunded });
        // What the credits were held for, as the reservation said it, and why they came back.
        Append(operationId, LedgerKinds.Refund, reservation.Amount, $"{reservation.Reason} ({reason})");
    }

    /// <summary>Records how a reservation ended, forgetting the oldest settled one beyond the few kept: the table has its entries.</summary>
    private void Settle(string operationId, Reservation settled)
    {
        State.Reservations[operationId] = settled;
        State.RecentlySettled.Remove(operationId);
        State.RecentlySettled.Add(operationId);
        while (State.RecentlySettled.Count > RecentlySettledKept)
        {
            State.Reservations.Remove(State.RecentlySettled[0]);
            State.RecentlySettled.RemoveAt(0);
        }
    }

    private void Append(string operationId, string kind, int amount, string reason)
    {
        State.Balance += amount;
        State.Appended++;
        State.Unflushed.Add(new LedgerEntry(LedgerKinds.EntryId(operationId, kind), kind, amount, Now(), reason));
    }

    /// <summary>The clock's time cut to the microseconds the table keeps, so that an entry reads the same before and after its copy.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
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
