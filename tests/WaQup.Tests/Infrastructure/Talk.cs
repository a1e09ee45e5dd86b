using System.Text.Json.Nodes;
using WaQup.Client;

namespace WaQup.Tests.Infrastructure;

/// <summary>Conversation steps that many tests share.</summary>
public static class Talk
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Starts a new session and waits until the greeting is over.</summary>
    public static async Task<JsonObject> StartAsync(ConversationClient client)
    {
        await client.SendAsync(new { type = "session.start" });
        var ready = await client.WaitForAsync("session.ready", Patience);
        await client.WaitForAsync("state.changed", Patience, e => (string?)e["state"] == "listening");
        return ready;
    }

    /// <summary>Asks for a ritual by structured request, confirmed at once.</summary>
    public static Task RequestAsync(ConversationClient client, string kind, string topic, int minutes) =>
        client.SendAsync(new { type = "ritual.request", kind, topic, duration_minutes = minutes, confirm = true });

    public static async Task<JsonObject> ErrorAsync(ConversationClient client) => await client.WaitForAsync("error", Patience);
}
