namespace WaQup.Grains.Credits;

/// <summary>Where a reservation stands.</summary>
[GenerateSerializer, Alias("waqup.ReservationStatus")]
public enum ReservationStatus
{
    Open,
    Committed,
    Refunded,
    Rejected,
}
