using System.Globalization;
using LaiteLaina.Audit;
using LaiteLaina.Tests.Hardware;
using Microsoft.Playwright;
using SkiaSharp;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// #19's "done when" for the camera, in Chromium at phone width with a fake camera stream (the label's photo played as
/// the camera by --use-file-for-fake-video-capture): on the desk the live camera reads the tablet's label by itself and
/// shows its card, from which the counsellor checks it out; on a stocktake's page the same camera counts it.
/// </summary>
[EndToEnd]
public sealed class CameraJourneyTests(Engine engine) : BrowserTest(engine)
{
    /// <summary>The first device of an empty register gets this tag, and the camera shows its label from the start.</summary>
    private const string Tag = "LL-000001";

    private readonly string video = Path.Combine(Path.GetTempPath(), $"laitelaina-camera-{Guid.NewGuid():N}.y4m");

    protected override string[] BrowserArgs
    {
        get
        {
            var label = CameraPhotos.BoxLabel((ZXing.BarcodeFormat.QR_CODE, Tag), (ZXing.BarcodeFormat.CODE_128, Tag));
            Y4m(CameraPhotos.Photo(label, 1280, 720, degrees: 2, share: 0.45f, blur: 0.8f), video);
            return ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--use-file-for-fake-video-capture=" + video];
        }
    }

    [TearDown]
    public void DeleteVideo() => File.Delete(video);

    /// <summary>A still picture as a YUV4MPEG2 video (4:2:0, BT.601), the format Chromium's fake camera plays in a loop.</summary>
    private static void Y4m(byte[] jpeg, string path)
    {
        using var rgba = SKBitmap.Decode(jpeg).Copy(SKColorType.Rgba8888);
        int w = rgba.Width, h = rgba.Height;
        var y = new byte[w * h];
        var u = new byte[w * h / 4];
        var v = new byte[w * h / 4];
        for (var j = 0; j < h; j++)
        {
            for (var i = 0; i < w; i++)
            {
                var p = rgba.GetPixel(i, j);
                y[j * w + i] = (byte)Math.Clamp(0.257 * p.Red + 0.504 * p.Green + 0.098 * p.Blue + 16, 0, 255);
                if (j % 2 == 0 && i % 2 == 0)
                {
                    u[j / 2 * (w / 2) + i / 2] = (byte)Math.Clamp(-0.148 * p.Red - 0.291 * p.Green + 0.439 * p.Blue + 128, 0, 255);
                    v[j / 2 * (w / 2) + i / 2] = (byte)Math.Clamp(0.439 * p.Red - 0.368 * p.Green - 0.071 * p.Blue + 128, 0, 255);
                }
            }
        }
        using var file = File.Create(path);
        file.Write(System.Text.Encoding.ASCII.GetBytes($"YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n"));
        for (var frame = 0; frame < 2; frame++)
        {
            file.Write("FRAME\n"u8);
            file.Write(y);
            file.Write(u);
            file.Write(v);
        }
    }

    [SetUp]
    public async Task TabletAsync()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskusta", null, "test");
        var d = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9", Site = "KESKUS" }, "test");
        Assert.That(d.Tag, Is.EqualTo(Tag));
        await PutDeviceAsync(Tag, DeviceStatus.Ready, needsWipe: false);
        await AddUserAsync("sari", "Sari Salo", "counsellor");
    }

    [Test]
    public async Task LiveCamera_LabelAtTheDeskAndInAStocktake_ChecksOutAndCounts()
    {
        var stocktake = await Service<StocktakeService>().StartAsync("KESKUS", null, null, "test");
        var page = await SignInAsync("sari", Phone);
        await page.Context.GrantPermissionsAsync(["camera"]);

        // The count first, while the tablet is on the shelf.
        await page.GotoAsync($"/stocktakes/{stocktake.Reference}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Käynnistä kamera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync($"kuvasta luettiin '{Tag}'", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync($"{Tag} löytyi");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Käynnistä kamera" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync($"kuvasta luettiin '{Tag}'", new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "camera-desk");
        await page.Locator("#check-out").ClickAsync();
        await page.GetByLabel("Nimi", new() { Exact = true }).FillAsync("Aino Äijälä");
        await page.GetByLabel("Puhelin tai muu yhteystieto").FillAsync("040 123 4567");
        await page.GetByLabel("Suosittelija (työntekijä)").FillAsync("Maija Sosiaalityöntekijä");
        await page.GetByLabel("Palautuspäivä").FillAsync(DateTime.Today.AddDays(60).ToString("d.M.yyyy", CultureInfo.InvariantCulture));
        await page.Locator("#do-checkout").ClickAsync();
        await Assertions.Expect(page.Locator("#done-new")).ToBeVisibleAsync();

        Assert.That((await Db.ReadAsync(c => DeviceStore.GetByTagAsync(c, null, Tag))).Status, Is.EqualTo(DeviceStatus.OnLoan));
        Assert.That(await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT count(*) FROM scans WHERE scanner = 'camera'")), Is.EqualTo(2),
            "both reads logged as a scanner's are");
    }
}
