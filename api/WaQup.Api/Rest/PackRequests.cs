using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using WaQup.Abstractions.Marketplace;
using WaQup.Abstractions.Rest;

namespace WaQup.Api.Rest;

/// <summary>Reads and checks the bodies of <c>POST /v1/packs</c> (title and ritual_ids required) and <c>PATCH /v1/packs/{id}</c>.</summary>
public static class PackRequests
{
    public const int MaxTitle = 100;
    public const int MaxDescription = 2000;
    public const int MaxRituals = 50;
    public const int MaxPrice = 10_000;
    public const int MaxTags = 10;
    public const int MaxTagLength = 30;

    public static (PackDraft? Draft, ProblemHttpResult? Problem) ReadDraft(JsonElement body)
    {
        var (request, error) = Read(body);
        if (error is null && request!.Title is null)
        {
            error = "title is required";
        }
        else if (error is null && request!.RitualIds is null)
        {
            error = "ritual_ids is required: the rituals of yours the pack holds";
        }

        return error is null
            ? (new PackDraft(request!.Title!, request.Description ?? "", request.RitualIds!, request.PriceCredits ?? 0, request.Tags ?? []), null)
            : (null, Invalid(error));
    }

    public static (PackPatch? Patch, ProblemHttpResult? Problem) ReadPatch(JsonElement body)
    {
        var (request, error) = Read(body);
        return error is null
            ? (new PackPatch(request!.Title, request.Description, request.RitualIds, request.PriceCredits, request.Tags), null)
            : (null, Invalid(error));
    }

    private static (PackRequest? Request, string? Error) Read(JsonElement body)
    {
        string? title = null, description = null;
        IReadOnlyList<string>? ritualIds = null, tags = null;
        int? price = null;
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value;
            string? error = null;
            switch (property.Name)
            {
                case "title":
                    (title, error) = Text(value, "title", 1, MaxTitle);
                    break;
                case "description":
                    (description, error) = Text(value, "description", 0, MaxDescription);
                    break;
                case "ritual_ids":
                    (ritualIds, error) = Rituals(value);
                    break;
                case "price_credits":
                    (price, error) = value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var p) && p is >= 0 and <= MaxPrice
                        ? (p, null)
                        : ((int?)null, $"price_credits must be a whole number from 0 to {MaxPrice}");
                    break;
                case "tags":
                    (tags, error) = Tags(value);
                    break;
                default:
                    error = $"unknown field '{property.Name}'; a pack has title, description, ritual_ids, price_credits and tags";
                    break;
            }

            if (error is not null)
            {
                return (null, error);
            }
        }

        return (new PackRequest(title, description, ritualIds, price, tags), null);
    }

    private static (string? Text, string? Error) Text(JsonElement value, string name, int min, int max)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        // Line breaks belong in a description; other control characters belong nowhere.
        return text is not null && text.Length >= min && text.Length <= max
               && !text.Any(c => char.IsControl(c) && (name != "description" || c is not ('\n' or '\r' or '\t')))
            ? (text, null)
            : (null, $"{name} must be text of {min} to {max} characters, without control characters");
    }

    private static (IReadOnlyList<string>? Ids, string? Error) Rituals(JsonElement value)
    {
        const string expected = "ritual_ids must be a list of 1 to 50 distinct ritual ids";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() is 0 or > MaxRituals)
        {
            return (null, expected);
        }

        var ids = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !RitualIds.IsValid(item.GetString()!))
            {
                return (null, $"{expected}; {item.GetRawText()} is not a ritual id");
            }

            ids.Add(item.GetString()!);
        }

        return ids.Distinct(StringComparer.Ordinal).Count() == ids.Count ? (ids, null) : (null, $"{expected}; one is listed twice");
    }

    private static (IReadOnlyList<string>? Tags, string? Error) Tags(JsonElement value)
    {
        var expected = $"tags must be a list of at most {MaxTags} words of 1 to {MaxTagLength} characters";
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > MaxTags)
        {
            return (null, expected);
        }

        var tags = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            var (tag, error) = Text(item, "a tag", 1, MaxTagLength);
            if (error is not null)
            {
                return (null, $"{expected}; {error}");
            }

            // Kept in lower case, once each: the catalog's tag filter matches them exactly.
            tag = tag!.ToLower(CultureInfo.InvariantCulture);
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }
        }

        return (tags, null);
    }

    private static ProblemHttpResult Invalid(string detail) => Problems.Result(StatusCodes.Status400BadRequest, "Invalid pack", detail);
}
