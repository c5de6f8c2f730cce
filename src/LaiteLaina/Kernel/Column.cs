using System.Reflection;
using System.Text.Json;

namespace LaiteLaina.Kernel;

/// <summary>A column of a listing or an export: its header and how to read it from a row.</summary>
public sealed record Column<T>(string Header, Func<T, object?> Value);

public static class Column
{
    /// <summary>Every public property of <typeparamref name="T"/> as a column named as in the JSON API (camelCase), for a
    /// list whose CSV is simply its JSON rows flattened; a list with its own wording declares its columns instead.</summary>
    public static IReadOnlyList<Column<T>> Of<T>() => ColumnsOf<T>.All;

    private static class ColumnsOf<T>
    {
        public static readonly IReadOnlyList<Column<T>> All = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .Select(p => new Column<T>(JsonNamingPolicy.CamelCase.ConvertName(p.Name), row => p.GetValue(row)))
            .ToList();
    }
}
