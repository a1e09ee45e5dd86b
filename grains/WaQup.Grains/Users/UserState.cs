using WaQup.Abstractions.Grains;

namespace WaQup.Grains.Users;

/// <summary>The persisted profile of one person.</summary>
[GenerateSerializer, Alias("waqup.UserState")]
public sealed class UserState
{
    [Id(0)] public bool Welcomed { get; set; }
    [Id(1)] public string? DisplayName { get; set; }
    [Id(2)] public Preferences Preferences { get; set; } = Preferences.Default;
    [Id(3)] public DateTimeOffset FirstSeen { get; set; }
}
