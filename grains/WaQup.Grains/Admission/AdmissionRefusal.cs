namespace WaQup.Grains.Admission;

/// <summary>Why a silo will not take a new ritual now, and when asking again is likely to succeed.</summary>
public sealed record AdmissionRefusal(string Reason, TimeSpan RetryAfter);
