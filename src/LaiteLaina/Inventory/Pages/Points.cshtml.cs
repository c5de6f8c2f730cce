namespace LaiteLaina.Inventory.Pages;

[Authorize(Policy = Access.Devices)]
public sealed class PointsModel(ComputerPointService points) : AppPage
{
    public IReadOnlyList<ComputerPoint> Points { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<ComputerPoint>();
        foreach (var p in await points.ListAsync(ct))
            list.Add(await points.GetAsync(p.Code, ct));
        Points = list;
    }
}
