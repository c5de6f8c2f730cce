using System.Text.Json;
using LaiteLaina.Provisioning;

namespace LaiteLaina.Tests.Web;

/// <summary>The tablets adb sees, as the API lists them: adb's state code for scripts, and the state and what to do in
/// the reader's words (Accept-Language), never English to a Finnish or Swedish reader.</summary>
public sealed class AttachedDevicesApiTests(Engine engine) : ApiTest(engine)
{
    [TestCase("fi", "odottaa lupaa tabletilla", "ei vastaa", "muu tila: host")]
    [TestCase("sv", "väntar på tillstånd på surfplattan", "svarar inte", "annat läge: host")]
    public async Task Devices_InReadersLanguage_StateInWordsAndCodeKept(string language, string unauthorized, string offline, string other)
    {
        App.Services.GetRequiredService<AttachedDevices>().Set(AttachedDevices.Parse("""
            List of devices attached
            192.168.0.3:5555       unauthorized transport_id:1
            MWS0216B24001482       offline transport_id:3
            R58M12345              host transport_id:4
            """));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/provisioning/devices");
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await Http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var items = (body.RootElement.ValueKind == JsonValueKind.Array ? body.RootElement : body.RootElement.GetProperty("items")).EnumerateArray().ToList();
        Assert.That(items.Select(i => (i.GetProperty("state").GetString(), i.GetProperty("stateText").GetString())),
            Is.EqualTo(new[] { ("unauthorized", unauthorized), ("offline", offline), ("host", other) }));
        var culture = MessageCatalog.Parse(language)!;
        Assert.That(items[0].GetProperty("instruction").GetString(), Is.EqualTo(((Message)Msg.ProvisioningSayUnauthorizedHelp).Render(culture)));
        Assert.That(items[1].GetProperty("instruction").GetString(), Is.EqualTo(((Message)Msg.ProvisioningTabletOffline).Render(culture)));
    }
}
