using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LaiteLaina.Tests.Audit;

/// <summary>The pages' catalogs outside a web host, for a printed report made in a test: the current UI culture picks the language.</summary>
internal static class UiWords
{
    public static IStringLocalizer<Ui> Localizer { get; } =
        new StringLocalizer<Ui>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));
}
