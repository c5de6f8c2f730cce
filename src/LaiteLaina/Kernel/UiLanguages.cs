namespace LaiteLaina.Kernel;

/// <summary>The languages of the user interface: what a person can choose for their pages and messages.</summary>
public static class UiLanguages
{
    /// <summary>The offer, after signing in, to show the pages in <paramref name="offered"/> from now on instead of the
    /// account's <paramref name="account"/>: said in the offered language, the one the person chose to read.</summary>
    public static (string Sentence, string Button) Offer(string offered, string account)
    {
        var culture = System.Globalization.CultureInfo.GetCultureInfo(offered);
        var name = account switch { "sv" => Msg.UserLanguageNameSv, "en" => Msg.UserLanguageNameEn, _ => Msg.UserLanguageNameFi };
        return (Msg.UserLanguageOffer.With(name).Render(culture), ((Message)Msg.UserLanguageOfferButton).Render(culture));
    }

    public static string Check(string? language) => language?.Trim().ToLowerInvariant() switch
    {
        "fi" or "sv" or "en" => language.Trim().ToLowerInvariant(),
        _ => throw UserError.Invalid("language", language, Msg.UserLanguage),
    };
}
