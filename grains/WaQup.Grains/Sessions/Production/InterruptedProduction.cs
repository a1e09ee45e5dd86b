using Microsoft.Extensions.Logging;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Protocol;

namespace WaQup.Grains.Sessions.Production;

/// <summary>A ritual whose production a crash (or a move to another silo) cut off: charged if it was saved, else refunded.</summary>
public static class InterruptedProduction
{
    /// <summary>Settles it; returns what the listener is told.</summary>
    public static async Task<IReadOnlyList<ServerEvent>> SettleAsync(ProductionServices services, string userId, ProductionRecord production)
    {
        if (await SavedAndChargedAsync(services, userId, production) is { } announced)
        {
            services.Logger.LogWarning("Ritual {RitualId} was saved before a crash; charged for it", production.RitualId);
            return announced;
        }

        services.Logger.LogWarning("Ritual {ResponseId} was lost in production; refunding it", production.ResponseId);
        await RitualProduction.RefundAsync(services.Grains, userId, production, "interrupted by a server restart");
        return
        [
            new ResponseCancelledEvent(production.ResponseId),
            new ErrorEvent(ErrorCodes.ProviderUnavailable, "the ritual in production was interrupted by a server restart and refunded", false),
        ];
    }

    /// <summary>The balance after the reservation's charge, if the ledger has it charged; null if not, or if it cannot be asked.</summary>
    public static async Task<CreditsView?> ChargedAsync(ProductionServices services, string userId, string reservationId)
    {
        try
        {
            var check = await services.Grains.GetGrain<ICreditGrain>(userId).CheckReservationAsync(reservationId);
            return check.Standing == ReservationStanding.Committed ? check.Credits : null;
        }
        catch (Exception error)
        {
            services.Logger.LogWarning(error, "Could not ask the ledger whether {ReservationId} was charged", reservationId);
            return null;
        }
    }

    /// <summary>
    /// A crash can fall between saving a ritual and charging for it. A saved ritual is a finished one: it is charged
    /// (once: the commit is idempotent) and announced. Should its reservation have expired meanwhile, it was refunded,
    /// and the ritual is removed rather than given away.
    /// </summary>
    private static async Task<IReadOnlyList<ServerEvent>?> SavedAndChargedAsync(ProductionServices services, string userId, ProductionRecord production)
    {
        var ritualGrain = services.Grains.GetGrain<IRitualGrain>(production.RitualId);
        if (await ritualGrain.GetAsync(userId) is not { Access: RitualAccess.Allowed, Ritual: { } ritual })
        {
            return null;
        }

        // Saved, perhaps without its listing: asked again, the ritual grain lists it (the owner must find it in the library).
        await ritualGrain.CreateAsync(ritual);
        await services.Grains.GetGrain<ICreditGrain>(userId).CommitAsync(production.ReservationId);
        if (await ChargedAsync(services, userId, production.ReservationId) is not { } credits)
        {
            await ritualGrain.DeleteAsync(userId);
            return null;
        }

        return
        [
            new RitualCreatedEvent(ritual.RitualId, ritual.Kind, ritual.Title, ritual.DurationMs, production.Order.Price),
            new CreditsUpdatedEvent(credits.Balance, credits.Reserved),
        ];
    }
}
