using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using WaQup.Abstractions.Grains;
using WaQup.Abstractions.Plays;
using WaQup.Abstractions.Protocol;
using WaQup.Abstractions.Rest;
using WaQup.Api.Auth;

namespace WaQup.Api.Rest;

/// <summary>The caller's profile, preferences, credits and library.</summary>
public static class MeEndpoints
{
    private static readonly string[] PreferenceNames = ["voice", "locale", "default_duration_minutes", "sound_bed"];

    public static void MapMe(this IEndpointRouteBuilder routes)
    {
        var me = routes.MapGroup("/v1").RequireAuthorization().WithTags("Me").ProducesProblems(StatusCodes.Status401Unauthorized);

        me.MapGet("/me", GetMeAsync);

        me.MapPatch("/me", UpdateMeAsync).AcceptsJson<UpdateMeRequest>().ProducesProblems(StatusCodes.Status400BadRequest);

        me.MapPatch("/me/preferences", UpdatePreferencesAsync).AcceptsJson<UpdatePreferencesRequest>();

        me.MapGet("/library", GetLibraryAsync);
    }

    private static async Task<Ok<MeResponse>> GetMeAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var id = UserIds.Of(user);
        var person = grains.GetGrain<IUserGrain>(id);
        var profile = UserIds.NameClaim(user) is { } name ? await person.IntroduceAsync(name) : await person.GetProfileAsync();
        return TypedResults.Ok(await MeAsync(profile, grains));
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> UpdateMeAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (name, problem) = await JsonBody.ReadAsync(request, ReadName, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var profile = await grains.GetGrain<IUserGrain>(UserIds.Of(user)).SetNameAsync(name!);
        return TypedResults.Ok(await MeAsync(profile, grains));
    }

    private static async Task<MeResponse> MeAsync(UserProfile profile, IGrainFactory grains)
    {
        var credits = grains.GetGrain<ICreditGrain>(profile.UserId).GetAsync();
        var listening = grains.GetGrain<IListenerGrain>(profile.UserId).GetStatsAsync();
        var (balance, stats) = (await credits, await listening);
        return new MeResponse(
            profile.UserId,
            profile.DisplayName,
            View(profile.Preferences),
            new CreditsView(balance.Balance, balance.Reserved),
            new ListeningBody(stats.StreakDays, stats.LongestStreakDays, stats.ListenedMs / 60_000));
    }

    private static (string? Name, ProblemHttpResult? Problem) ReadName(JsonElement body)
    {
        string? name = null;
        foreach (var property in body.EnumerateObject())
        {
            if (property.Name != "display_name")
            {
                return (null, Invalid($"unknown field '{property.Name}'; PATCH /v1/me takes display_name (preferences are at /v1/me/preferences)"));
            }

            name = property.Value.ValueKind == JsonValueKind.String ? DisplayNames.Tidy(property.Value.GetString()) : null;
            if (name is null)
            {
                return (null, Invalid($"display_name must be text of 1 to {DisplayNames.MaxLength} characters, without control characters"));
            }
        }

        return name is null ? (null, Invalid("display_name is required")) : (name, null);
    }

    private static ProblemHttpResult Invalid(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid profile", detail);

    private static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> UpdatePreferencesAsync(
        HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (update, problem) = await JsonBody.ReadAsync(request, Read, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var patch = new PreferencesPatch(update!.Voice, update.Locale, update.DefaultDurationMinutes, update.SoundBed);
        var profile = await grains.GetGrain<IUserGrain>(UserIds.Of(user)).UpdatePreferencesAsync(patch);
        return TypedResults.Ok(View(profile.Preferences));
    }

    private static async Task<Ok<LibraryItem[]>> GetLibraryAsync(ClaimsPrincipal user, IGrainFactory grains)
    {
        var library = await grains.GetGrain<IUserGrain>(UserIds.Of(user)).GetLibraryAsync();
        return TypedResults.Ok(library.Select(r => new LibraryItem(r.RitualId, r.Kind, r.Title, r.DurationMs, r.CreatedAt, r.Source)).ToArray());
    }

    private static PreferencesView View(Preferences preferences) =>
        new(preferences.Voice, preferences.Locale, preferences.DefaultDurationMinutes, SoundBeds.Chosen(preferences.SoundBed));

    private static (UpdatePreferencesRequest? Update, ProblemHttpResult? Problem) Read(JsonElement body)
    {
        var (update, error) = ReadUpdate(body);
        return error is null ? (update, null) : (null, Problems.Result(StatusCodes.Status400BadRequest, "Invalid preferences", error));
    }

    private static (UpdatePreferencesRequest? Update, string? Error) ReadUpdate(JsonElement body)
    {
        string? voice = null, locale = null, bed = null;
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
                case "sound_bed" when property.Value.ValueKind == JsonValueKind.String && SoundBeds.IsKnown(property.Value.GetString()):
                    bed = property.Value.GetString();
                    break;
                case "sound_bed":
                    return (null, $"sound_bed must be one of {string.Join(", ", SoundBeds.Names)} (it plays under meditations and rituals)");
                default:
                    return (null, $"unknown preference '{property.Name}'; known: {string.Join(", ", PreferenceNames)}");
            }
        }

        return (new UpdatePreferencesRequest(voice, locale, minutes, bed), null);
    }
}
