using System.Net;
using System.Net.Http.Headers;
using LaiteLaina.Audit;
using LaiteLaina.Tests.Hardware;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// "Scan with camera" over HTTP (#19 point 1), in Finnish: a phone photo of a printed label, turned and blurred, acts on
/// the desk and in a stocktake as a serial scan would (the same event, scans row and audit row, the person named); a
/// box's barcodes fill the intake form; a photo with no code, a file that is not a picture and 50 MB are refused in
/// words on the photo field with nothing stored, and the service goes on answering.
/// </summary>
public sealed class CameraPagesTests(Engine engine) : ApiTest(engine)
{
    private WebSession web = null!;

    [SetUp]
    public async Task SignInAsync()
    {
        await new SiteService(Db).AddAsync("KESKUS", "Keskusta", null, "test");
        web = await SignedInSessionAsync("ville", "Ville Virta", "volunteer");
    }

    private Task<long> CountAsync(string sql) => Db.ReadAsync(c => c.ExecuteScalarAsync<long>(sql));

    private async Task<string> TabletAsync(string serial)
    {
        var d = await new InventoryService(Db).AddAsync(new DeviceInput { Kind = "tablet", Make = "Samsung", Model = "Galaxy Tab A9", SerialNumber = serial, Site = "KESKUS" }, "test");
        return (await PutDeviceAsync(d.Tag, DeviceStatus.Ready, needsWipe: false)).Tag;
    }

    /// <summary>The page's camera form sent as the phone sends it: multipart, with the page's token and the photo.</summary>
    private async Task<PageResult> SendPhotoAsync(string page, byte[] photo, string fileName = "IMG_2041.jpg", string type = "image/jpeg",
        params (string Name, string Value)[] fields)
    {
        // The camera form's own token (the last on the page: the camera form comes after the look-up box's).
        var html = (await web.GetAsync(page)).Html;
        var token = WebSession.Token(html[html.IndexOf("data-camera", StringComparison.Ordinal)..]);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token!), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
            form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(photo);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "photo", fileName);
        var action = page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=Camera";
        // As a browser that waits for the go-ahead before a large body: the refusal of a body over the limit is read
        // instead of the connection closing under the upload.
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = form };
        request.Headers.ExpectContinue = true;
        using var response = await web.Http.SendAsync(request);
        return new PageResult(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
    }

    private static async Task<byte[]> HandHeldPhotoAsync(string tag) =>
        CameraPhotos.Photo(await CameraPhotos.LabelAsync(tag), 4000, 3000, degrees: 17, share: 0.3f, blur: 2.5f);

    [Test]
    public async Task DeskCamera_PhotoOfALabel_ShowsTheCardAsAScanWould()
    {
        var tag = await TabletAsync("R9-CAMERA-1");
        var events = App.Services.GetRequiredService<ScanEvents>();

        var page = await SendPhotoAsync("/", await HandHeldPhotoAsync(tag));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Text);
        Assert.That(page.Text, Does.Contain($"kuvasta luettiin '{tag}'"));
        Assert.That(page.Html, Does.Contain("id=\"card\"").And.Contain($"/devices/{tag}"), "the device's card, as a serial scan shows it");
        var e = events.Recent()[0];
        Assert.That((e.Type, e.Scanner, e.Code, e.Symbology, e.Device?.Tag), Is.EqualTo((ScanEventKind.DeviceScanned, "camera", tag, e.Symbology, tag)));
        Assert.That(await CountAsync("SELECT count(*) FROM scans WHERE scanner = 'camera' AND outcome = 'device-scanned'"), Is.EqualTo(1));
    }

    [Test]
    public async Task StocktakeCamera_PhotoOfALabel_CountsTheDeviceUnderThePersonsName()
    {
        var tag = await TabletAsync("R9-CAMERA-2");
        var stocktake = await Service<StocktakeService>().StartAsync("KESKUS", null, null, "test");

        var page = await SendPhotoAsync($"/stocktakes/{stocktake.Reference}", await HandHeldPhotoAsync(tag));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Text);
        Assert.That(page.Text, Does.Contain($"kuvasta luettiin '{tag}'").And.Contain($"{tag} löytyi"));
        Assert.That(await CountAsync("SELECT count(*) FROM stocktake_scans"), Is.EqualTo(1));
        Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'stocktake.scan' AND actor = 'web:ville'"), Is.EqualTo(1),
            "the audit names the person with the camera");
        var e = App.Services.GetRequiredService<ScanEvents>().Recent()[0];
        Assert.That((e.Type, e.Stocktake), Is.EqualTo((ScanEventKind.StocktakeFound, stocktake.Reference)), "the stocktake page's live status hears it too");
    }

    [Test]
    public async Task DeskCamera_CodeNotOurs_NamesTheValueOnThePhotoField()
    {
        var photo = CameraPhotos.Photo(await CameraPhotos.LabelAsync("XK-004211"), 1280, 720, share: 0.6f);

        var page = await SendPhotoAsync("/", photo);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.NotFound), page.Text);
        Assert.That(page.Text, Does.Contain("kuvasta luettu 'XK-004211' ei ole minkään rekisterissä olevan laitteen tunnus"));
        Assert.That(page.Html, Does.Contain("id=\"photo\" name=\"photo\"").And.Contain("aria-invalid=\"true\""));
    }

    [Test]
    public async Task DeskCamera_PhotoWithoutACode_SaysHoldCloserAndStoresNothing()
    {
        var page = await SendPhotoAsync("/", CameraPhotos.Photo(null, 4000, 3000));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text, Does.Contain("kuvasta ei löytynyt koodia; tuo kamera lähemmäs"));
        Assert.That(page.Html, Does.Contain("aria-invalid=\"true\""));
        Assert.That(await CountAsync("SELECT count(*) FROM scans"), Is.Zero);
    }

    [Test]
    public async Task DeskCamera_NotAPicture_RefusedInWords()
    {
        var page = await SendPhotoAsync("/", "%PDF-1.7 not a photo"u8.ToArray(), "kuitti.jpg");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Text, Does.Contain("kuva: tiedosto ei ole kuva"));
        Assert.That(await CountAsync("SELECT count(*) FROM scans"), Is.Zero);
    }

    [Test]
    public async Task DeskCamera_FiftyMegabytes_RefusedWithTheLimitAndTheServiceGoesOn()
    {
        var page = await SendPhotoAsync("/", new byte[50 * 1024 * 1024]);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(page.Text, Does.Contain("lähetetty tiedosto on liian suuri; tähän otetaan vastaan enintään 20 Mt"));
        Assert.That((await web.GetAsync("/")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task DeskCamera_TwelveMegabytePhoto_AcceptedOverTheFormLimit()
    {
        // A 12-megapixel photo at the phone's best quality is larger than the 4 MB every other form takes.
        var tag = await TabletAsync("R9-CAMERA-3");
        var photo = CameraPhotos.Photo(await CameraPhotos.LabelAsync(tag), 4000, 3000, share: 0.3f, quality: 100, noise: true);
        Assert.That(photo, Has.Length.GreaterThan(4 * 1024 * 1024), "the photo is over the service's default limit");

        var page = await SendPhotoAsync("/", photo);

        Assert.That(page.Text, Does.Contain($"kuvasta luettiin '{tag}'"));
    }

    [Test]
    public async Task IntakeCamera_PhotoOfTheBox_FillsImeiAndSerialAndKeepsWhatWasTyped()
    {
        var box = CameraPhotos.BoxLabel((ZXing.BarcodeFormat.EAN_13, "8806095070193"), (ZXing.BarcodeFormat.CODE_128, "490154203237518"),
            (ZXing.BarcodeFormat.CODE_128, "R9PT70ABCDE"));
        var devices = await CountAsync("SELECT count(*) FROM devices");

        var page = await SendPhotoAsync("/devices/new", CameraPhotos.Photo(box, 3000, 4000, degrees: -2, share: 0.7f, blur: 1.5f),
            fields: [("Input.Kind", "phone"), ("Input.Make", "Samsung"), ("Input.Model", "Galaxy A15")]);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Text);
        Assert.That(page.Html, Does.Contain("name=\"Input.Imei\" value=\"490154203237518\""), "the code that is a valid IMEI");
        Assert.That(page.Html, Does.Contain("name=\"Input.SerialNumber\" value=\"R9PT70ABCDE\""), "the one other code, not the EAN");
        Assert.That(page.Html, Does.Contain("name=\"Input.Make\" value=\"Samsung\"").And.Contain("value=\"Galaxy A15\""));
        Assert.That(page.Text, Does.Contain("Laatikosta luettiin: IMEI 490154203237518; mahdolliset sarjanumerot: R9PT70ABCDE."));
        Assert.That(await CountAsync("SELECT count(*) FROM devices"), Is.EqualTo(devices), "nothing is added until the person adds it");
    }

    [Test]
    public async Task IntakeCamera_SeveralCandidates_OfferedOnTheSerialField()
    {
        // A second IMEI (dual SIM) is neither the IMEI field's nor a serial number; two other codes are for the person to choose.
        var box = CameraPhotos.BoxLabel((ZXing.BarcodeFormat.CODE_128, "490154203237518"), (ZXing.BarcodeFormat.CODE_128, "356938035643809"),
            (ZXing.BarcodeFormat.CODE_128, "R9PT70ABCDE"), (ZXing.BarcodeFormat.CODE_128, "SM-X115NZAAEUE"));

        var page = await SendPhotoAsync("/devices/new", CameraPhotos.Photo(box, 1280, 720, degrees: 1, share: 0.55f), fields: [("Input.Kind", "tablet")]);

        Assert.That(page.Html, Does.Contain("name=\"Input.Imei\" value=\"490154203237518\""));
        Assert.That(page.Html, Does.Contain("list=\"serial-choices\"").And.Contain("<option value=\"R9PT70ABCDE\">").And.Contain("<option value=\"SM-X115NZAAEUE\">"));
        Assert.That(page.Html, Does.Not.Contain("<option value=\"356938035643809\">"));
        Assert.That(page.Text, Does.Contain("Valitse oikea sarjanumero"));
    }

    [Test]
    public async Task CameraProbe_FrameWithACode_AnswersOnlyTheCount()
    {
        var frame = CameraPhotos.Photo(CameraPhotos.BoxLabel((ZXing.BarcodeFormat.QR_CODE, "LL-000009")), 1280, 720, share: 0.3f);
        using var body = new ByteArrayContent(frame);
        body.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/camera/probe") { Content = body };
        request.Headers.Add("RequestVerificationToken", WebSession.Token((await web.GetAsync("/")).Html));

        using var response = await web.Http.SendAsync(request);

        var answer = await response.Content.ReadAsStringAsync();
        Assert.That(answer, Is.EqualTo("""{"codes":1}"""), answer);
    }
}
