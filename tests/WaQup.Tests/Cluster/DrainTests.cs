using System.Net.WebSockets;
using WaQup.Client;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Cluster;

/// <summary>
/// SIGTERM on a silo (a rolling update): its clients are told to reconnect (<c>session.reconnect</c>, close 1012),
/// its sessions move to another silo with their replay buffers, and a client resuming there gets every retained
/// frame after its <c>last_audio_seq</c>, in order, without a gap.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DrainTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Content:Provider"] = "loadtest",
        ["Speech:Provider"] = "loadtest",
        // Real time: the ritual is still streaming when the drain comes.
        ["Conversation:PaceFactor"] = "1",
        ["Logging:LogLevel:WaQup.Api.Conversation.DrainService"] = "Information",
    };

    [Fact(Timeout = TestTimeouts.Cluster)]
    public async Task A_draining_silo_sends_its_clients_elsewhere_and_they_resume_without_a_gap()
    {
        await using var cluster = await NodeProcesses.StartAsync(silos: 2, apis: 0, Settings);
        var token = await cluster.TokenAsync(0, $"drain-{Guid.NewGuid():N}");
        await using var first = await ConversationClient.ConnectAsync(cluster.Urls[0], token);
        await first.SendAsync(new { type = "session.start" });
        var ready = await first.WaitForAsync("session.ready", TimeSpan.FromSeconds(20));
        await first.SendAsync(new { type = "ritual.request", kind = "meditation", topic = "a slow evening", duration_minutes = 1, confirm = true });
        await first.WaitForAsync("state.changed", TimeSpan.FromSeconds(20), e => (string?)e["state"] == "speaking");
        for (var frames = 0; frames < 60;)
        {
            frames += (await first.NextAsync(TimeSpan.FromSeconds(10)))?.IsAudio == true ? 1 : 0;
        }

        cluster.Terminate(0);
        await first.ReadToCloseAsync(TimeSpan.FromSeconds(30));

        var log = first.Log;
        Assert.Contains(log, r => r.Type == "session.reconnect" && (string?)r.Event!["reason"] == "server_shutdown");
        Assert.Equal((WebSocketCloseStatus)1012, first.CloseStatus);
        var heard = log.Where(r => r.IsAudio).Select(r => r.Seq).ToList();
        Assert.Equal(Enumerable.Range((int)heard[0], heard.Count).Select(i => (uint)i), heard);

        // Resumes on the other silo asking again for the last 20 frames it heard: they were retained, and moved.
        var from = heard[^1] - 20;
        await using var second = await ConversationClient.ConnectAsync(cluster.Urls[1], token);
        await second.SendAsync(new { type = "session.start", session_id = (string)ready["session_id"]!, resume_token = (string)ready["resume_token"]!, last_audio_seq = from });
        var resumed = await second.WaitForAsync("session.ready", TimeSpan.FromSeconds(30));
        Assert.True((bool)resumed["resumed"]!);
        try
        {
            // The interrupted ritual is refunded where the session moved; its cancel reaches the client once, on the
            // connection that was open when it was said.
            if (!first.Log.Any(r => r.Type == "response.cancelled"))
            {
                await second.WaitForAsync("response.cancelled", TimeSpan.FromSeconds(30));
            }
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}; after the resume: {string.Join(", ", second.Log.Select(r => r.Type ?? $"#{r.Seq}"))}", error);
        }

        while (second.Log.Count(r => r.IsAudio) < 20 && await second.NextAsync(TimeSpan.FromSeconds(10)) is not null)
        {
        }

        var replayed = second.Log.Where(r => r.IsAudio).Select(r => r.Seq).ToList();
        Assert.True(replayed.Count >= 20, $"only {replayed.Count} frames came back after {from}");
        Assert.Equal(Enumerable.Range((int)from + 1, replayed.Count).Select(i => (uint)i), replayed);
        Assert.Equal(0, await cluster.ExitCodeAsync(0, TimeSpan.FromSeconds(60)));
        Assert.Contains("Drained in", cluster.LogTail(0, 200), StringComparison.Ordinal);
    }
}
