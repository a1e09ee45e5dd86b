namespace WaQup.Abstractions.Grains;

/// <summary>What became of one reservation, as the credit ledger knows it.</summary>
[GenerateSerializer, Alias("waqup.ReservationStanding")]
public enum ReservationStanding
{
    /// <summary>No reservation was ever made under that operation id.</summary>
    Unknown,

    /// <summary>Held: neither committed nor refunded yet, and not expired.</summary>
    Open,

    /// <summary>Committed: the credits were charged.</summary>
    Committed,

    /// <summary>Given back, by a refund or because it expired.</summary>
    Refunded,

    /// <summary>Refused when asked for, for want of credits: nothing was ever held.</summary>
    Refused,
}
