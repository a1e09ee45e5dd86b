using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>The caller's profile, preferences, credits and library.</summary>
public static class MeEndpoints
{
    private static readonly string[] PreferenceNames = ["voice", "locale", "default_duration_minutes"];

    public static void MapMe(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1").RequireAuthorization();

        me.MapGet("/me", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var id = UserIds.Of(user);
            var profile = await grains.GetGrain<IUserGrain>(id).GetProfileAsync();
            var credits = await grains.GetGrain<ICreditGrain>(id).GetAsync();
            return Results.Json(new
            {
                user_id = profile.UserId,
                display_name = profile.DisplayName,
                preferences = PreferencesBody(profile.Preferences),
                credits = new { balance = credits.Balance, reserved = credits.Reserved },
            });
        });

        me.MapPatch("/me/preferences", async (HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken) =>
        {
            var (document, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            using (document)
            {
                var (patch, error) = ReadPatch(document!.RootElement);
                if (error is not null)
                {
                    return Problems.Result(StatusCodes.Status400BadRequest, "Invalid preferences", error);
                }

                var profile = await grains.GetGrain<IUserGrain>(UserIds.Of(user)).UpdatePreferencesAsync(patch!);
                return Results.Json(PreferencesBody(profile.Preferences));
            }
        });

        me.MapGet("/me/credits", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var id = UserIds.Of(user);
            await grains.GetGrain<IUserGrain>(id).GetProfileAsync();
            var statement = await grains.GetGrain<ICreditGrain>(id).GetStatementAsync();
            return Results.Json(new
            {
                balance = statement.Balance,
                reserved = statement.Reserved,
                ledger = statement.Ledger.Select(e => new { id = e.Id, kind = e.Kind, amount = e.Amount, at = e.At, reason = e.Reason }),
            });
        });

        me.MapGet("/library", async (ClaimsPrincipal user, IGrainFactory grains) =>
        {
            var library = await grains.GetGrain<IUserGrain>(UserIds.Of(user)).GetLibraryAsync();
            return Results.Json(library.Select(r => new
            {
                ritual_id = r.RitualId,
                kind = r.Kind,
                title = r.Title,
                duration_ms = r.DurationMs,
                created_at = r.CreatedAt,
            }));
        });
    }

    private static object PreferencesBody(Preferences preferences) => new
    {
        voice = preferences.Voice,
        locale = preferences.Locale,
        default_duration_minutes = preferences.DefaultDurationMinutes,
    };

    private static (PreferencesPatch? Patch, string? Error) ReadPatch(JsonElement body)
    {
        string? voice = null, locale = null;
        int? minutes = null;
        foreach (var property in body.EnumerateObject())
        {
            switch (property.Name)
            {
                case "voice" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 and <= 64 } v:
                    voice = v;
                    break;
                case "voice":
                    return (null, "voice must be a string of 1-64 characters");
                case "locale" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: >= 2 and <= 16 } l:
                    locale = l;
                    break;
                case "locale":
                    return (null, "locale must be a string of 2-16 characters, such as en-US");
                case "default_duration_minutes" when property.Value.ValueKind == JsonValueKind.Number
                                                     && property.Value.TryGetInt32(out var m) && m is >= 1 and <= 60:
                    minutes = m;
                    break;
                case "default_duration_minutes":
                    return (null, "default_duration_minutes must be a whole number from 1 to 60");
                default:
                    return (null, $"unknown preference '{property.Name}'; known: {string.Join(", ", PreferenceNames)}");
            }
        }

        return (new PreferencesPatch(voice, locale, minutes), null);
    }
}
