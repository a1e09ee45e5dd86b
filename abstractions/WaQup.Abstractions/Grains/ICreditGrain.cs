using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>One user's credits: a balance, reservations that expire by themselves, and an idempotent ledger.</summary>
/// <remarks>Every operation carries an id; repeating an id returns the first outcome and changes nothing.</remarks>
public interface ICreditGrain : IGrainWithStringKey
{
    Task<CreditsView> GetAsync();

    /// <summary>The balance, reserved amount and every entry of the ledger, oldest first; prefer the two methods below.</summary>
    /// <remarks>Reads the whole ledger table: meant for tests and tools.</remarks>
    Task<CreditStatement> GetStatementAsync();

    /// <summary>
    /// The newest <paramref name="limit"/> entries whose position is before <paramref name="beforePosition"/> (all of
    /// them when null), oldest first, and the position that pages on to older entries.
    /// </summary>
    Task<LedgerPage> GetLedgerPageAsync(long? beforePosition, int limit);

    /// <summary>
    /// Where the reservation made under <paramref name="operationId"/> stands (open, committed, refunded or expired,
    /// refused, or unknown), however long ago it was made, with the balance and reserved amount. It changes nothing
    /// but what is due anyway: a reservation whose expiry has passed is refunded first, and answers Refunded.
    /// </summary>
    Task<ReservationCheck> CheckReservationAsync(string operationId);

    Task<CreditsView> GrantAsync(string operationId, int amount, string reason);

    /// <summary>
    /// Adds <paramref name="amount"/> as an entry of <paramref name="kind"/> (<c>grant</c>, <c>purchase</c>,
    /// <c>subscription</c>, <c>reward</c>): once per operation id, however often it is asked.
    /// </summary>
    Task<CreditsView> CreditAsync(string operationId, int amount, string kind, string reason);

    /// <summary>
    /// Takes <paramref name="amount"/> as an entry of <paramref name="kind"/> (<c>pack_purchase</c>): once per operation
    /// id, however often it is asked. When the balance is short it is refused and nothing is recorded, so the same
    /// operation succeeds once credits have been added.
    /// </summary>
    Task<DebitOutcome> DebitAsync(string operationId, int amount, string kind, string reason);

    /// <summary>The newest <paramref name="limit"/> entries of <paramref name="kind"/>, newest first, and the sum of all of them.</summary>
    Task<KindEntries> GetEntriesOfKindAsync(string kind, int limit);

    /// <summary>
    /// Takes back up to <paramref name="amount"/> (a refund's share of a purchase), as far as the balance holds it:
    /// the balance never goes below zero, and credits held by an open reservation stay where they are. Once per
    /// operation id; the answer says how much this operation took.
    /// </summary>
    Task<ClawbackOutcome> ClawbackAsync(string operationId, int amount, string reason);

    /// <summary>Holds <paramref name="amount"/> until committed, refunded, or <paramref name="ttl"/> passes.</summary>
    Task<ReserveOutcome> ReserveAsync(string operationId, int amount, TimeSpan ttl, string reason);

    /// <summary>
    /// Keeps the reservation made under <paramref name="operationId"/> open for at least <paramref name="ttl"/> more;
    /// false when it is no longer open (it expired and was refunded, or was settled), and then nothing changes.
    /// </summary>
    Task<bool> ExtendAsync(string operationId, TimeSpan ttl);

    /// <summary>Turns the reservation made under <paramref name="operationId"/> into a charge.</summary>
    Task<CreditsView> CommitAsync(string operationId);

    /// <summary>Gives back the whole reservation made under <paramref name="operationId"/>, if it is still open.</summary>
    Task<CreditsView> RefundAsync(string operationId, string reason);
}

/// <summary>What a clawback took (its first application's, when repeated), and the credits after it.</summary>
[GenerateSerializer, Immutable, Alias("waqup.ClawbackOutcome")]
public sealed record ClawbackOutcome(int Taken, CreditsView Credits);
