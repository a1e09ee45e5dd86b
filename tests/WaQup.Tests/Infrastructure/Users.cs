namespace WaQup.Tests.Infrastructure;

/// <summary>Fresh user ids, so tests sharing a server never see each other's credits or rituals.</summary>
public static class Users
{
    public static string New(string role = "u") => $"{role}-{Guid.NewGuid():N}";
}
