using System.Text.Json.Nodes;

namespace WaQup.Tests.Billing;

/// <summary>
/// Reads Stripe's form encoding: <c>line_items[0][price_data][unit_amount]=500</c> becomes nested objects, and an
/// object whose keys are 0..n-1 (or fields named <c>key[]</c>) becomes an array, as Stripe's API reads it.
/// </summary>
public static class StripeForm
{
    public static List<KeyValuePair<string, string>> Fields(string encoded)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var pair in encoded.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            fields.Add(new(Decode(key), Decode(value)));
        }
        return fields;
    }

    public static JsonObject Tree(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var root = new JsonObject();
        foreach (var (key, value) in fields)
        {
            var path = Segments(key);
            var node = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                var segment = path[i].Length == 0 ? node.Count.ToString() : path[i];
                if (node[segment] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[segment] = child;
                }
                node = child;
            }
            var last = path[^1].Length == 0 ? node.Count.ToString() : path[^1];
            node[last] = value;
        }
        return (JsonObject)WithArrays(root);
    }

    private static string Decode(string part) => Uri.UnescapeDataString(part.Replace('+', ' '));

    /// <summary><c>a[b][0][c]</c> as <c>a</c>, <c>b</c>, <c>0</c>, <c>c</c>; an empty bracket pair as "".</summary>
    private static List<string> Segments(string key)
    {
        var open = key.IndexOf('[');
        if (open < 0)
        {
            return [key];
        }
        var segments = new List<string> { key[..open] };
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0)
            {
                break;
            }
            segments.Add(key[(open + 1)..close]);
            open = close + 1 < key.Length && key[close + 1] == '[' ? close + 1 : -1;
        }
        return segments;
    }

    private static JsonNode WithArrays(JsonNode node)
    {
        if (node is not JsonObject obj)
        {
            return node.DeepClone();
        }
        var keys = obj.Select(p => p.Key).ToList();
        var indexed = keys.Count > 0 && keys.Select((k, i) => k == i.ToString()).All(match => match)
            || keys.Count > 0 && keys.All(k => int.TryParse(k, out _)) && keys.Select(int.Parse).Order().SequenceEqual(Enumerable.Range(0, keys.Count));
        if (indexed)
        {
            var array = new JsonArray();
            foreach (var key in keys.OrderBy(int.Parse))
            {
                array.Add(WithArrays(obj[key]!));
            }
            return array;
        }
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            copy[key] = value is null ? null : WithArrays(value);
        }
        return copy;
    }
}
