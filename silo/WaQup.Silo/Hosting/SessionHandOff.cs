using WaQup.Abstractions.Grains;
using WaQup.Api.Conversation;
using WaQup.Grains.Sessions;

namespace WaQup.Silo.Hosting;

/// <summary>
/// A draining silo's sessions move to the other active silos (spread among them), each with its replay buffer,
/// and the drain waits until they have left. With no other silo there is nowhere to go: the sessions stay persisted
/// and resume from storage when this silo, or another, is back.
/// </summary>
public sealed class SessionHandOff(
    LocalSessions sessions,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<SessionHandOff> logger) : ISessionHandOff
{
    private const int Concurrency = 16;

    public async Task HandOffAsync(CancellationToken cancellationToken)
    {
        var targets = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(silo.SiloAddress))
            .Select(m => m.SiloAddress)
            .ToArray();
        var ids = sessions.Ids;
        if (targets.Length == 0)
        {
            logger.LogInformation("Draining: no other silo to take {Sessions} sessions; they stay persisted", ids.Count);
            return;
        }

        var next = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (id, _) => await grains.GetGrain<ISessionGrain>(id).HandOffAsync(targets[(uint)Interlocked.Increment(ref next) % targets.Length]));
        while (sessions.Count > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        logger.LogInformation("Draining: {Sessions} sessions moved to {Silos} other silos", ids.Count, targets.Length);
    }
}
