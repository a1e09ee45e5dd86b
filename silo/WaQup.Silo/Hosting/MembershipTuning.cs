using Orleans.Configuration;

namespace WaQup.Silo.Hosting;

/// <summary>
/// How fast the cluster gives up on a silo that stopped answering. A session hosted by a dead silo can be resumed
/// elsewhere only once the silo is declared dead (until then its grains' calls still go to it), so Orleans' defaults
/// (a probe every 5 s, three missed, then votes) are shortened here. Every value can be set under
/// <c>Orleans:Membership</c> (the property names of <see cref="ClusterMembershipOptions"/>).
/// </summary>
public static class MembershipTuning
{
    /// <summary>Each silo probes its peers this often, and a probe unanswered in this time is missed.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes in a row before a silo votes its peer dead.</summary>
    public const int MissedProbesLimit = 3;

    public static void Apply(IServiceCollection services, IConfiguration section)
    {
        services.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = ProbeTimeout;
            options.NumMissedProbesLimit = MissedProbesLimit;
            // The membership table is read this often even without gossip: a missed notice costs this much at most.
            options.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            // A silo's own "I am alive" row: only read when a silo is suspected, and a write each time costs a round trip.
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(30);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });
        services.Configure<ClusterMembershipOptions>(section);
    }

    /// <summary>
    /// After a silo dies ungracefully, the distributed directory holds its grains (and, when it cannot take over a
    /// range cleanly, that whole range) under a lease before they may be activated elsewhere, in case the silo is
    /// not really dead. Orleans' default held 55 % of all grains for about 30 s in the chaos run: resumes and
    /// saves waited for it. A silo declared dead stops itself once it learns so (within a table refresh), so the
    /// lease need only cover detection and that refresh. <c>Orleans:Directory:RangeLeaseDuration</c> overrides.
    /// </summary>
    public static readonly TimeSpan RangeLeaseDuration = TimeSpan.FromSeconds(8);

    public static void ApplyToDirectory(IServiceCollection services, IConfiguration section)
    {
        services.Configure<GrainDirectoryOptions>(options => options.RangeLeaseDuration = RangeLeaseDuration);
        services.Configure<GrainDirectoryOptions>(section);
    }

    /// <summary>
    /// An api node (an Orleans client) learns of dead gateways from its connections and from the membership table,
    /// which it reads this often; values under <c>Orleans:Gateway</c> (<see cref="GatewayOptions"/>) override.
    /// </summary>
    public static void ApplyToClient(IServiceCollection services, IConfiguration section)
    {
        services.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        services.Configure<GatewayOptions>(section);
    }
}
