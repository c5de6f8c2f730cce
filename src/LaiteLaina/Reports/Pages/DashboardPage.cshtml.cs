using Microsoft.Extensions.Localization;

namespace LaiteLaina.Reports.Pages;

[Authorize(Policy = Access.Reports)]
public sealed class DashboardModel(DashboardFigures figures, IStringLocalizer<Ui> l) : AppPage
{
    public Dashboard? Figures { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Figures = await figures.GetAsync(ct);

    /// <summary>Status, kind and source come as codes and read as words; sites are shown by their code.</summary>
    public string Word(string dimension, string key) => dimension switch
    {
        "status" => l[$"DeviceStatus.{key}"],
        "kind" => l[$"DeviceKind.{key}"],
        "source" => l[$"Acquisition.{key}"],
        _ => key,
    };
}
