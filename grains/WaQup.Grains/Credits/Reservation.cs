namespace WaQup.Grains.Credits;

/// <summary>Credits held for one operation, and what became of them.</summary>
[GenerateSerializer, Alias("waqup.Reservation")]
public sealed record Reservation(
    int Amount,
    DateTimeOffset ExpiresAt,
    ReservationStatus Status,
    string Reason);
