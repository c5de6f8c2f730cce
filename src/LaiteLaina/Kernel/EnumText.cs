using System.Text;

namespace LaiteLaina.Kernel;

/// <summary>
/// Enums are stored by their C# name and shown to people in kebab case ("awaiting-wipe"). Parsing accepts
/// either spelling in any letter case, so that a CLI user, a CSV file and the JSON API all agree.
/// </summary>
public static class EnumText
{
    public static string Kebab<T>(T value) where T : struct, Enum => Kebab(value.ToString());

    public static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0)
                sb.Append('-');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }

    public static string Allowed<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => Kebab(v)));

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
            return false;
        var squeezed = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return !squeezed.All(char.IsDigit) && Enum.TryParse(squeezed, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>Parses or throws a <see cref="UserError"/> that lists what is allowed.</summary>
    public static T Parse<T>(string field, string? text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw UserError.Invalid(field, text, Msg.ValueUseOneOf.With(Allowed<T>()));
}
