using WaQup.Abstractions.Protocol;

namespace WaQup.Abstractions.Grains;

/// <summary>Where one reservation stands, with the balance and reserved amount at the time of asking.</summary>
[GenerateSerializer, Immutable, Alias("waqup.ReservationCheck")]
public sealed record ReservationCheck(ReservationStanding Standing, int Balance, int Reserved)
{
    public CreditsView Credits => new(Balance, Reserved);
}
