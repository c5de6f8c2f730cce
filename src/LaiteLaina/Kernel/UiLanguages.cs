namespace LaiteLaina.Kernel;

/// <summary>The languages of the user interface: what a person can choose for their pages and messages.</summary>
public static class UiLanguages
{
    public static string Check(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "fi" or "sv" or "en" => language.Trim().ToLowerInvariant(),
        _ => throw UserError.Invalid("language", language, Msg.UserLanguage),
    };
}
