using Orleans.Core.Internal;
using WaQup.Tests.Infrastructure;

namespace WaQup.Tests.Grains;

/// <summary>Ends a grain's activation as Orleans does when it is idle, and waits until the cluster no longer lists it.</summary>
public static class Deactivation
{
    public static async Task DeactivateAsync(IGrainFactory grains, IAddressable grain)
    {
        var id = grain.GetGrainId();
        await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var management = grains.GetGrain<IManagementGrain>(0);
        await Until.TrueAsync(
            async () => !(await management.GetDetailedGrainStatistics()).Any(s => s.GrainId == id),
            TimeSpan.FromSeconds(30),
            $"{id} was deactivated");
    }
}
