using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LaiteLaina.Kernel;

/// <summary>
/// A message kept in a text column language-neutral: its id and its arguments (as JSON after a prefix), so that what
/// a provisioning job or a print job said last reads in Finnish for one person and in Swedish for the next. A stored
/// text without the prefix (a row from before, a test's own words) is shown as it is.
/// </summary>
public static class StoredText
{
    private const string Prefix = "msg:";

    private static readonly Dictionary<string, Msg> Ids = Msg.All.ToDictionary(m => m.Id.Id, m => m.Id, StringComparer.Ordinal);

    public static string Store(Message message) => Prefix + ToNode(message).ToJsonString();

    /// <summary>The stored text as a message, or null when it is free text (or an id this version does not know).</summary>
    public static Message? Read(string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal))
            return null;
        try
        {
            return JsonNode.Parse(stored.AsSpan(Prefix.Length).ToString()) is JsonObject node ? FromNode(node) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored text in <paramref name="culture"/>'s language; free text as it is.</summary>
    public static string? Render(string? stored, CultureInfo culture) => stored is null ? null : Read(stored)?.Render(culture) ?? stored;

    /// <summary>The English text, for the API, the command line and the logs.</summary>
    public static string? English(string? stored) => Render(stored, MessageCatalog.English);

    private static JsonObject ToNode(Message message) => new()
    {
        ["id"] = message.Id.Id,
        ["args"] = new JsonArray([.. message.Args.Select(ArgumentNode)]),
    };

    private static JsonNode? ArgumentNode(object? value) => value switch
    {
        null => null,
        Message m => ToNode(m),
        Msg id => ToNode(id),
        Enum e => new JsonObject { ["enum"] = e.GetType().FullName, ["value"] = e.ToString() },
        int or long or short => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        double or decimal or float => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
        DateOnly d => new JsonObject { ["date"] = d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
        Personal p => new JsonObject { ["personal"] = ArgumentNode(p.Value) },
        FieldName f => new JsonObject { ["field"] = f.Name },
        System.Collections.IEnumerable list and not string => new JsonArray([.. list.Cast<object?>().Select(ArgumentNode)]),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static Message? FromNode(JsonObject node)
    {
        if (node["id"]?.GetValue<string>() is not { } id || !Ids.TryGetValue(id, out var msg))
            return null;
        return msg.With([.. (node["args"] as JsonArray ?? []).Select(Argument)]);
    }

    private static object? Argument(JsonNode? node) => node switch
    {
        null => null,
        JsonArray list => list.Select(Argument).ToList(),
        JsonObject o when o.ContainsKey("id") => FromNode(o),
        JsonObject o when o["enum"] is { } type => EnumOf(type.GetValue<string>(), o["value"]?.GetValue<string>()),
        JsonObject o when o["date"] is { } date => DateOnly.ParseExact(date.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
        JsonObject o when o.ContainsKey("personal") => new Personal(Argument(o["personal"])),
        JsonObject o when o["field"] is { } field => new FieldName(field.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue<long>(out var l) ? l : v.GetValue<double>(),
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };

    private static object? EnumOf(string type, string? value) =>
        typeof(StoredText).Assembly.GetType(type) is { IsEnum: true } t && Enum.TryParse(t, value, out var e) ? e : value;
}
