namespace WaQup.Api.Auth;

/// <summary>
/// The authorization policy of the operators' endpoints: HTTP Basic for the one operator account
/// (<c>Operators:Username</c>, <c>Operators:Password</c> from the environment), registered by the host. A user's bearer
/// token never satisfies it.
/// </summary>
public static class OperatorPolicy
{
    public const string Name = "operator";
}
