using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Every message id, and every field name a message can carry, reaches a Finnish and a Swedish user in their own
/// language through the real web error path: a refusal thrown inside a request, turned into text by the service's
/// own middleware in the language the service chose for that request, read by a signed-in user's Chromium. Both the
/// pages' path (the user's own language) and the API's (Accept-Language) are taken. A text fails when it is missing
/// (the id, or the English text, comes back), equal to the English text, or shows a raw placeholder.
/// </summary>
/// <remarks>
/// The product has no page that can refuse with any message at will, so this test's host alone adds a route that
/// does (<see cref="MapTestRoutes"/>), after the service's own pipeline: sign-in, request language and refusals are
/// the service's. A page's <c>Say(e)</c> renders the same <see cref="UserError.In"/> as the middleware does; the
/// page sweep checks what pages show. Finnish runs on SQLite, Swedish on PostgreSQL, as in <see cref="PageSweepTests"/>.
/// </remarks>
public sealed partial class MessageLanguageTests(Engine engine) : BrowserTest(engine)
{
    private const string Route = "/message-check/";

    private string Language => Engine == Engine.Sqlite ? "fi" : "sv";

    /// <summary>Ids whose text has no words of its own in any language (it only joins other texts), and words that
    /// are the same in the reader's language: the only texts that may equal the English one.</summary>
    private static readonly Dictionary<string, string> SameInEveryLanguage = new(StringComparer.Ordinal)
    {
        ["disk.stopped"] = "joins two texts",
        ["sentence.end"] = "a full stop",
        ["provisioning.resume-refused"] = "joins two texts",
        ["provisioning.identified-as"] = "joins two texts",
        ["provisioning.script-said"] = "the script's own words, already in the reader's language",
        ["printer.faults"] = "a list of texts already in the reader's language",
        ["config.binding"] = "joins a key, a value and a text",
        ["stocktake.scanned"] = "joins a tag and a text",
        ["profile.app"] = "an example of JSON, which is not translated",
        ["sv:field.format"] = "Swedish 'format'",
        ["sv:field.port"] = "Swedish 'port'",
        ["sv:field.status"] = "Swedish 'status'",
        ["doctor.check.adb"] = "the name of Android's tool",
        ["doctor.printer-problem"] = "joins a printer's name and a text",
        ["sv:doctor.level.ok"] = "Swedish 'ok'",
    };

    protected override void MapTestRoutes(WebApplication host)
    {
        host.MapGet(Route + "{id}", Refuse);
        host.MapGet("/api" + Route + "{id}", Refuse);
    }

    /// <summary>Refuses with message <paramref name="id"/>, or for a field name ("field.due") with the ordinary
    /// "not valid" refusal of that field; with <paramref name="personal"/>, its values are personal data.</summary>
    private static IResult Refuse(string id, bool? personal) =>
        throw (id.StartsWith(FieldName.Prefix, StringComparison.Ordinal)
            ? UserError.Invalid(id[FieldName.Prefix.Length..], "LL-000042", Msg.SignatureMissing)
            : new UserError(Sample(id, personal == true)));

    /// <summary>The message with a sample value for each placeholder: a date where the text formats a date, a number
    /// where it formats one, else a tag (the same in every language, so that the text around it is what is compared).</summary>
    private static Message Sample(string id, bool personal)
    {
        var msg = Msg.All.Single(m => m.Id.Id == id).Id;
        var templates = Cultures.SelectMany(c => new[] { MessageCatalog.Text(id, c), MessageCatalog.Text(id + MessageCatalog.PublicSuffix, c) }).OfType<string>().ToList();
        var holes = templates.SelectMany(t => Placeholder().Matches(t)).ToList();
        var count = holes.Count == 0 ? 0 : holes.Max(h => int.Parse(h.Groups[1].Value, CultureInfo.InvariantCulture)) + 1;
        var args = Enumerable.Range(0, count).Select(i =>
        {
            var format = holes.Where(h => h.Groups[1].Value == i.ToString(CultureInfo.InvariantCulture)).Select(h => h.Groups[2].Value).FirstOrDefault(f => f.Length > 0);
            object value = format switch
            {
                null => $"LL-00004{i}",
                _ when format.Contains('M') => new DateTime(2027, 1, 29),
                _ => 42 + i,
            };
            return personal ? new Personal(value) : value;
        }).ToArray();
        return msg.With(args);
    }

    private static readonly CultureInfo[] Cultures = [MessageCatalog.English, CultureInfo.GetCultureInfo("fi"), CultureInfo.GetCultureInfo("sv")];

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?::([^}]*))?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex RawPlaceholder();

    private static IEnumerable<string> Fields()
    {
        var source = Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina/Kernel/Messages.resx"));
        return XDocument.Load(source).Root!.Elements("data").Select(d => (string)d.Attribute("name")!)
            .Where(n => n.StartsWith(FieldName.Prefix, StringComparison.Ordinal));
    }

    [Test]
    public async Task EveryMessageAndField_RefusedToUserInOwnLanguage_NeverEnglishNorRaw()
    {
        var culture = CultureInfo.GetCultureInfo(Language);
        await AddUserAsync("sari", "Sari Salo", "counsellor", Language);
        await AddUserAsync("ville", "Ville Vapaaehtoinen", "volunteer", Language);
        var ids = Msg.All.Select(m => m.Id.Id).ToList();
        var fields = Fields().ToList();
        var publicIds = ids.Where(id => MessageCatalog.Text(id + MessageCatalog.PublicSuffix, MessageCatalog.English) is not null).ToList();
        Assert.That(ids, Has.Count.GreaterThan(400));
        Assert.That(fields, Has.Count.GreaterThan(100));

        var counsellor = await SignInAsync("sari");
        // The pages' path speaks the user's language whatever the browser says; the API's speaks Accept-Language.
        var shown = await RefusalsAsync(counsellor, ids.Concat(fields).Select(id => Route + id), "en");
        var api = await RefusalsAsync(counsellor, ids.Select(id => "/api" + Route + id), Language + "-FI");
        var volunteer = await SignInAsync("ville");
        var withoutPersonal = await RefusalsAsync(volunteer, publicIds.Select(id => Route + id + "?personal=true"), "en");

        var problems = new List<string>();
        void Check(string id, Refusal got, Message expected, bool personalData, string path)
        {
            var english = expected.Render(MessageCatalog.English, personalData);
            var own = expected.Render(culture, personalData);
            if (got.Code != (id.StartsWith(FieldName.Prefix, StringComparison.Ordinal) ? Msg.ValueInvalid.Id : id))
                problems.Add($"{path} {id}: answered {got.Status} {got.Code} \"{got.Detail}\"");
            else if (got.Detail != own)
                problems.Add($"{path} {id}: \"{got.Detail}\" is not the {Language} text \"{own}\"");
            else if (got.Detail == english && !SameInEveryLanguage.ContainsKey(id) && !SameInEveryLanguage.ContainsKey($"{Language}:{id}"))
                problems.Add($"{path} {id}: English in {Language}: \"{got.Detail}\"");
            else if (got.Detail.Contains(id, StringComparison.Ordinal) || RawPlaceholder().IsMatch(got.Detail))
                problems.Add($"{path} {id}: raw id or placeholder: \"{got.Detail}\"");
            if (got.Title is null || got.Title == EnglishTitle(got.Status))
                problems.Add($"{path} {id}: title in English: \"{got.Title}\"");
        }
        foreach (var id in ids)
        {
            Check(id, shown[Route + id], Sample(id, false), true, "page");
            Check(id, api["/api" + Route + id], Sample(id, false), true, "api");
        }
        foreach (var field in fields)
        {
            var got = shown[Route + field];
            Check(field, got, UserError.Invalid(field[FieldName.Prefix.Length..], "LL-000042", Msg.SignatureMissing).Text, true, "field");
            var english = MessageCatalog.Text(field, MessageCatalog.English);
            var own = MessageCatalog.Text(field, culture);
            if (own == english && !SameInEveryLanguage.ContainsKey($"{Language}:{field}"))
                problems.Add($"field {field}: the field's name is English in {Language}: \"{own}\"");
        }
        foreach (var id in publicIds)
            Check(id, withoutPersonal[Route + id + "?personal=true"], Sample(id, true), false, "volunteer");

        TestContext.Out.WriteLine($"{ids.Count} message ids and {fields.Count} field names refused in {Language}: {shown.Count + api.Count + withoutPersonal.Count} requests");
        Assert.That(problems, Is.Empty, string.Join("\n", problems.Take(40)));
    }

    /// <summary>The English titles a problem answer must not carry to a Finnish or Swedish reader.</summary>
    private static string EnglishTitle(int status) => status switch
    {
        404 => "Not found",
        409 => "Not possible now",
        503 => "Database unavailable",
        403 => "Not allowed",
        _ => "Invalid input",
    };

    private sealed record Refusal(int Status, string? Code, string? Title, string Detail);

    /// <summary>Fetches each path from the signed-in page, many at a time, and reads each problem answer.</summary>
    private static async Task<Dictionary<string, Refusal>> RefusalsAsync(IPage page, IEnumerable<string> paths, string acceptLanguage)
    {
        var text = await page.EvaluateAsync<string>("""
            async ([paths, language]) => {
              const out = {};
              for (let i = 0; i < paths.length; i += 50)
                await Promise.all(paths.slice(i, i + 50).map(async p => {
                  const r = await fetch(p, { headers: { 'Accept-Language': language } });
                  const body = await r.json();
                  out[p] = { status: r.status, code: body.code ?? null, title: body.title ?? null, detail: body.detail ?? '' };
                }));
              return JSON.stringify(out);
            }
            """, new object[] { paths.ToArray(), acceptLanguage });
        using var json = JsonDocument.Parse(text);
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => new Refusal(
            p.Value.GetProperty("status").GetInt32(), p.Value.GetProperty("code").GetString(),
            p.Value.GetProperty("title").GetString(), p.Value.GetProperty("detail").GetString()!), StringComparer.Ordinal);
    }
}
