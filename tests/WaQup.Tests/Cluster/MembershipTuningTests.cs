using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using WaQup.Silo.Hosting;

namespace WaQup.Tests.Cluster;

/// <summary>The failure-detection tuning a silo and an api node start with, and that configuration overrides it.</summary>
public sealed class MembershipTuningTests
{
    [Fact]
    public void A_silo_probes_every_second_and_votes_a_peer_dead_after_three_missed_probes()
    {
        var membership = Resolve<ClusterMembershipOptions>(services => MembershipTuning.Apply(services, Section([])));

        Assert.Equal(TimeSpan.FromSeconds(1), membership.ProbeTimeout);
        Assert.Equal(3, membership.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.TableRefreshTimeout);
        // Orleans' own defaults, for comparison: 5 s probes and a 60 s table refresh.
        Assert.True(membership.ProbeTimeout < new ClusterMembershipOptions().ProbeTimeout);
        Assert.True(membership.TableRefreshTimeout < new ClusterMembershipOptions().TableRefreshTimeout);
    }

    [Fact]
    public void Every_membership_value_can_be_set_under_orleans_membership()
    {
        var membership = Resolve<ClusterMembershipOptions>(services => MembershipTuning.Apply(services, Section(new()
        {
            ["ProbeTimeout"] = "00:00:02",
            ["NumMissedProbesLimit"] = "5",
        })));

        Assert.Equal(TimeSpan.FromSeconds(2), membership.ProbeTimeout);
        Assert.Equal(5, membership.NumMissedProbesLimit);
        Assert.Equal(TimeSpan.FromSeconds(5), membership.TableRefreshTimeout);
    }

    [Fact]
    public void A_dead_silos_directory_range_is_leased_for_8_s_unless_configured()
    {
        var tuned = Resolve<GrainDirectoryOptions>(services => MembershipTuning.ApplyToDirectory(services, Section([])));
        var configured = Resolve<GrainDirectoryOptions>(services => MembershipTuning.ApplyToDirectory(services, Section(new() { ["RangeLeaseDuration"] = "00:00:20" })));

        Assert.Equal(TimeSpan.FromSeconds(8), tuned.RangeLeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(20), configured.RangeLeaseDuration);
    }

    [Fact]
    public void An_api_node_reads_the_gateway_list_every_5_s_unless_configured()
    {
        var tuned = Resolve<GatewayOptions>(services => MembershipTuning.ApplyToClient(services, Section([])));
        var configured = Resolve<GatewayOptions>(services => MembershipTuning.ApplyToClient(services, Section(new() { ["GatewayListRefreshPeriod"] = "00:00:30" })));

        Assert.Equal(TimeSpan.FromSeconds(5), tuned.GatewayListRefreshPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), configured.GatewayListRefreshPeriod);
    }

    private static T Resolve<T>(Action<IServiceCollection> configure) where T : class
    {
        var services = new ServiceCollection();
        configure(services);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
