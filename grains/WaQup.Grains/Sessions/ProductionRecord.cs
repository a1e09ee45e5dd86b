namespace WaQup.Grains.Sessions;

/// <summary>The persisted record of a ritual being made, so a crash can refund it.</summary>
[GenerateSerializer, Alias("waqup.Production")]
public sealed record ProductionRecord(string ResponseId, string ReservationId, string RitualId, RitualOrder Order);
