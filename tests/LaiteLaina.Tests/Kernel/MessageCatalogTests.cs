using System.Xml.Linq;

namespace LaiteLaina.Tests.Kernel;

/// <summary>
/// Every message the code can give has its text in English, Finnish and Swedish with the same placeholders, and the
/// catalogs hold nothing the code does not use. Message ids are the members of <see cref="Msg"/> (listed by
/// reflection, each found in the source as Msg.Member); field names are the literal first arguments of the calls
/// that name a field (UserError.Invalid, UserError.NotFound, Parse.*, EnumText.Parse, IdentityCode.Refuse, Required, new FieldName, new NumberRange).
/// </summary>
public sealed partial class MessageCatalogTests
{
    private static string Source => Path.GetFullPath(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../src/LaiteLaina"));

    private static readonly string[] Cultures = ["", "fi", "sv"];

    private static Dictionary<string, string> Catalog(string culture) =>
        XDocument.Load(Path.Combine(Source, "Kernel", culture.Length == 0 ? "Messages.resx" : $"Messages.{culture}.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static string Code() =>
        string.Join("\n", Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)
                        && Path.GetFileName(f) != "Message.cs")
            .Select(File.ReadAllText));

    private static HashSet<string> FieldsInCode() =>
        FieldArgument().Matches(Code()).Select(m => FieldName.Prefix + m.Groups[1].Value).Concat(FieldsInPages()).ToHashSet(StringComparer.Ordinal);

    /// <summary>The fields the pages' forms post, by the name the pages' edge gives them (TextInput.FieldOf): a too long or
    /// otherwise refused value names its field, and "Tarkista transfer-site" would show a developer's key.</summary>
    private static IEnumerable<string> FieldsInPages() =>
        Directory.EnumerateFiles(Source, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => FormField().Matches(File.ReadAllText(f)))
            .Select(m => m.Groups["name"].Value)
            .Select(name => FieldName.Prefix + TextInput.FieldOf(name));

    private static IEnumerable<string> Ids() => Msg.All.Select(m => m.Id.Id);

    [Test]
    public void Msg_EveryId_IsUsedInTheCode()
    {
        var code = Code();
        Assert.That(Msg.All, Has.Count.GreaterThan(10), "the reflection found the ids");
        Assert.That(Msg.All.Where(m => !Regex.IsMatch(code, $@"\bMsg\.{m.Member}\b")).Select(m => m.Member), Is.Empty);
    }

    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryIdAndFieldTheCodeUses_HasText(string culture)
    {
        var catalog = Catalog(culture);
        var fields = FieldsInCode();
        Assert.That(fields, Has.Count.GreaterThan(10), "the scan found the fields");
        Assert.That(Ids().Concat(fields).Where(id => string.IsNullOrWhiteSpace(catalog.GetValueOrDefault(id))), Is.Empty);
    }

    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryFieldAFormPosts_HasWords(string culture)
    {
        var fields = FieldsInPages().ToHashSet(StringComparer.Ordinal);
        Assert.That(fields, Does.Contain("field.tag").And.Contain("field.place"), "the scan found the forms' fields");
        var catalog = Catalog(culture);
        Assert.That(fields.Where(f => string.IsNullOrWhiteSpace(catalog.GetValueOrDefault(f))), Is.Empty);
    }

    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryEntry_IsUsedByTheCode(string culture)
    {
        var ids = Ids().ToHashSet(StringComparer.Ordinal);
        var fields = FieldsInCode();
        // A ".public" entry is the wording of a message without its personal arguments.
        Assert.That(Catalog(culture).Keys.Where(k => !ids.Contains(k) && !fields.Contains(k)
                                                     && !(k.EndsWith(MessageCatalog.PublicSuffix, StringComparison.Ordinal) && ids.Contains(k[..^MessageCatalog.PublicSuffix.Length]))),
            Is.Empty);
    }

    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryTranslation_HasTheEnglishPlaceholders(string culture)
    {
        var english = Catalog("");
        var wrong = Catalog(culture).Where(e => english.TryGetValue(e.Key, out var en) && !Placeholders(e.Value).SetEquals(Placeholders(en)))
            .Select(e => $"{e.Key}: {e.Value}");
        Assert.That(wrong, Is.Empty);
    }

    /// <summary>A message is read in a browser far more often than in a terminal: it says what to do there, and the command
    /// line adds its own command (CliHints). A command is "laitelaina" and a verb, or an option such as --site.</summary>
    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_NoText_QuotesACommand(string culture)
    {
        // What the adb scripts print (provisioning.say.*) is said to a person who runs a script by hand in a terminal,
        // where its option is the right advice; the service always gives the scripts what they need itself.
        string[] elsewhere = ["provisioning.say."];
        var quoting = Catalog(culture).Where(e => CommandInText().IsMatch(e.Value) && !elsewhere.Any(p => e.Key.StartsWith(p, StringComparison.Ordinal)))
            .Select(e => $"{e.Key}: {e.Value}");
        Assert.That(quoting, Is.Empty);
    }

    [GeneratedRegex(@"\blaitelaina [a-z]|(^|[\s('])--[a-z]")]
    private static partial Regex CommandInText();

    [TestCase("")]
    [TestCase("fi")]
    [TestCase("sv")]
    public void Catalog_EveryText_IsAFormatThatRenders(string culture)
    {
        var args = Enumerable.Range(0, 10).Select(object? (_) => new DateOnly(2026, 12, 6)).ToArray();
        var broken = new List<string>();
        foreach (var (key, text) in Catalog(culture))
        {
            try
            {
                _ = string.Format(CultureInfo.InvariantCulture, text, args);
            }
            catch (FormatException)
            {
                broken.Add(key);
            }
        }
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void Render_FinnishAndSwedish_ComeFromTheirCatalogsAndEnglishIsTheException()
    {
        var error = UserError.Invalid("due", "1.1.2020", Msg.ParseDate);
        Assert.Multiple(() =>
        {
            Assert.That(error.Message, Is.EqualTo("due '1.1.2020' is not valid: write a date as 2025-03-14 or 14.3.2025."));
            Assert.That(error.In(new CultureInfo("fi-FI")), Is.EqualTo("Tarkista palautuspäivä: '1.1.2020' ei kelpaa – kirjoita päivämäärä muodossa 14.3.2025 tai 2025-03-14."));
            Assert.That(error.In(new CultureInfo("sv")), Is.EqualTo("Fältet återlämningsdag: '1.1.2020' godtas inte – skriv datumet som 14.3.2025 eller 2025-03-14."));
            Assert.That(error.In(new CultureInfo("de")), Is.EqualTo(error.Message));
            Assert.That(error.Code, Is.EqualTo("value.invalid"));
        });
    }

    /// <summary>A Swedish field name is an indefinite noun ("kod", "återlämningsdag"), which reads wrong as the object of a
    /// verb ("Kontrollera kod"): a refusal of a field's value names it after "Fältet", as "Fältet {0} är tomt" does.</summary>
    [Test]
    public void Catalog_SwedishRefusalsOfAFieldsValue_SayFieldThenItsName()
    {
        var sv = Catalog("sv");
        Assert.That(sv.Where(e => e.Value.Contains("Kontrollera {0}", StringComparison.Ordinal)).Select(e => e.Key), Is.Empty);
        Assert.That(new[] { "value.invalid", "text.too-long", "text.control-character", "text.direction-control" }
            .Where(id => !sv[id].StartsWith("Fältet {0}: '{1}' ", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public void Render_WithoutPersonalData_UsesThePublicWordingInEachLanguage()
    {
        var error = new UserError(Msg.LoanDeviceHeld.With("LL-000001", new Personal("Aino Äijälä"), LaiteLaina.Loans.LoanKind.Client, "LN-000001",
            new Personal("maija"), new DateOnly(2027, 3, 15)));
        Assert.Multiple(() =>
        {
            Assert.That(error.WithoutPersonalData, Is.EqualTo("LL-000001 is already on loan (client loan LN-000001, due 15.3.2027)."));
            Assert.That(error.In(new CultureInfo("fi"), personalData: false), Is.EqualTo("LL-000001 on jo lainassa (asiakaslaina LN-000001, palautuspäivä 15.3.2027)."));
            Assert.That(error.In(new CultureInfo("sv"), personalData: false), Does.Not.Contain("Aino").And.Not.Contain("maija"));
            Assert.That(error.In(new CultureInfo("sv")), Does.Contain("Aino Äijälä").And.Contain("klientlån"));
        });
    }

    [TestCase("fi_FI.UTF-8", "fi")]
    [TestCase("sv_FI.UTF-8@euro", "sv")]
    [TestCase("en-GB", "")]
    [TestCase("C.UTF-8", null)]
    [TestCase("de_DE", null)]
    [TestCase("", null)]
    public void Parse_LocaleName_GivesItsLanguage(string code, string? language) =>
        Assert.That(MessageCatalog.Parse(code)?.Name, Is.EqualTo(language));

    /// <summary>The placeholders of a text ({0}, {1:d.M.yyyy}), with escaped braces left out.</summary>
    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text.Replace("{{", "", StringComparison.Ordinal).Replace("}}", "", StringComparison.Ordinal))
            .Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{[0-9]+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    // A place list is a partial whose field name is PlaceSelect's second argument.
    [GeneratedRegex(@"<(?:input|select|textarea|button)\b[^>]*?\sname=""(?<name>[A-Za-z][A-Za-z0-9_.-]*)""|new PlaceSelect\([^,]+,\s*""(?<name>[A-Za-z][A-Za-z0-9_.-]*)""")]
    private static partial Regex FormField();

    [GeneratedRegex("""(?:UserError\.(?:Invalid|NotFound)|Parse\.\w+|EnumText\.Parse<\w+>|IdentityCode\.Refuse|Required|Known|new FieldName|new NumberRange)\(\s*"([a-z][a-z0-9 -]*)"[,)]""")]
    private static partial Regex FieldArgument();
}
