using System.Text.Json;

namespace LaiteLaina.Storage;

/// <summary>Says in one line which fields an audit row changed, for history listings.</summary>
public static class AuditDiff
{
    private static readonly HashSet<string> Noise = ["updatedAt", "createdAt", "id"];

    public static string Describe(string? beforeJson, string? afterJson)
    {
        var before = Fields(beforeJson);
        var after = Fields(afterJson);
        if (before.Count == 0)
            return after.TryGetValue("status", out var s) ? "created, " + s : "created";
        var changes = after.Keys.Union(before.Keys)
            .Where(k => !Noise.Contains(k))
            .Where(k => before.GetValueOrDefault(k) != after.GetValueOrDefault(k))
            .Select(k => $"{k}: {before.GetValueOrDefault(k) ?? "-"} → {after.GetValueOrDefault(k) ?? "-"}");
        return string.Join("; ", changes);
    }

    private static Dictionary<string, string?> Fields(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return [];
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.ValueKind != JsonValueKind.Object
            ? []
            : doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
    }
}
