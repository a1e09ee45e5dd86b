namespace WaQup.Abstractions.Grains;

/// <summary>What a caller may see of a ritual.</summary>
public enum RitualAccess
{
    Allowed,
    NotFound,
    Forbidden,
}
