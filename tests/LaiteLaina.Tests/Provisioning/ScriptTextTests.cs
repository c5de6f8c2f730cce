namespace LaiteLaina.Tests.Provisioning;

/// <summary>
/// What the scripts of scripts/adb print reaches a volunteer in their own language: every sentence a script can
/// print is a catalog text (<see cref="ScriptTexts"/>), and a job's words are stored as an id with its values
/// (<see cref="StoredText"/>), so one job reads in Finnish for one person and in Swedish for the next.
/// </summary>
public sealed partial class ScriptTextTests
{
    private static readonly CultureInfo Finnish = new("fi"), Swedish = new("sv");

    /// <summary>Each sentence literal of the scripts, with its shell expansions filled in with a sample value.</summary>
    private static IEnumerable<string> ScriptSentences()
    {
        var lib = File.ReadAllText(Path.Combine(PrivateAdbServer.Scripts, "lib.sh"));
        var help = HelpVariable().Match(lib).Groups[1].Value;
        foreach (var file in Directory.EnumerateFiles(PrivateAdbServer.Scripts, "*.sh"))
        {
            foreach (Match call in Call().Matches(File.ReadAllText(file)))
            {
                foreach (var group in new[] { call.Groups[1], call.Groups[2] }.Where(g => g.Success))
                {
                    var text = group.Value.Replace("$UNAUTHORIZED_HELP", help, StringComparison.Ordinal);
                    // A sentence that is only a value passed on ("$1") is said by the script that made it.
                    if (OnlyVariable().IsMatch(text))
                        continue;
                    text = Alternative().Replace(text, "$1");
                    text = Expansion().Replace(text, "7");
                    yield return text;
                }
            }
        }
    }

    [Test]
    public void Match_EverySentenceTheScriptsPrint_IsACatalogText()
    {
        var sentences = ScriptSentences().ToList();
        Assert.That(sentences, Has.Count.GreaterThan(60), "the scan found the scripts' sentences");
        Assert.That(sentences.Where(s => ScriptTexts.Match(s) is null), Is.Empty);
    }

    [Test]
    public void Of_GoogleAccountInstruction_ReadsInFinnishAndSwedish()
    {
        var said = ScriptSentences().Single(s => s.StartsWith("A Google account", StringComparison.Ordinal));

        var message = ScriptTexts.Of(said);

        Assert.Multiple(() =>
        {
            Assert.That(message.Id, Is.EqualTo(Msg.ProvisioningSayGoogleAccount));
            Assert.That(message.Render(MessageCatalog.English), Is.EqualTo(said));
            Assert.That(message.Render(Finnish), Does.Contain("Google-tili").And.Contain("Yritä uudelleen"));
            Assert.That(message.Render(Swedish), Does.Contain("Google-konto").And.Contain("Försök igen"));
        });
    }

    [Test]
    public void Of_ReasonInsideAnotherSentence_IsTranslatedToo()
    {
        var message = ScriptTexts.Of("The tablet 127.0.0.1:5555 disconnected in the middle of the work (Could not read the battery level (dumpsys battery).). Check the cable and the USB hub, plug it in again and retry.");

        Assert.That(message.Render(Finnish), Does.StartWith("Tabletin 127.0.0.1:5555 yhteys katkesi kesken työn (Akun varausta ei saatu luettua.)"));
    }

    [Test]
    public void Of_UnknownLine_KeptAsItIs()
    {
        var message = ScriptTexts.Of("adb: something nobody wrote down");

        Assert.That(StoredText.Render(StoredText.Store(message), Finnish), Is.EqualTo("adb: something nobody wrote down"));
    }

    [Test]
    public void Store_MessageWithNestedMessageNumberAndEnum_ReadsBackInEachLanguage()
    {
        var message = Msg.ProvisioningCertificateIssued.With(42L, SanitisationLevel.Purge, "factory reset");
        var nested = Msg.ProvisioningWithProfile.With(ScriptTexts.Of("Battery"), "staff-tablet");

        var stored = StoredText.Store(message);
        var storedNested = StoredText.Store(nested);

        Assert.Multiple(() =>
        {
            Assert.That(StoredText.English(stored), Is.EqualTo(message.Render(MessageCatalog.English)));
            Assert.That(StoredText.Render(stored, Finnish), Is.EqualTo(message.Render(Finnish)));
            Assert.That(StoredText.Render(storedNested, Finnish), Is.EqualTo("Akku (profiili staff-tablet)"));
            Assert.That(StoredText.Render(storedNested, Swedish), Is.EqualTo("Batteri (profil staff-tablet)"));
            Assert.That(StoredText.Render("free text from before", Swedish), Is.EqualTo("free text from before"));
        });
    }

    [GeneratedRegex("""UNAUTHORIZED_HELP="([^"]*)"\s""")]
    private static partial Regex HelpVariable();

    // ll_result STATE "...", ll_failed "...", ll_progress PERCENT "..." ["act"], tick "...".
    [GeneratedRegex("""(?:ll_result [a-z]+|ll_failed|ll_progress \S+|ll_fact warning|tick) "((?:[^"\\]|\\.|"\$\{[^}]*\}"|\$\([^)]*"[^"]*"[^)]*\))*)"(?: "((?:[^"\\]|\\.)*)")?""")]
    private static partial Regex Call();

    [GeneratedRegex(@"^\$(?:\{[^}]*\}|[A-Za-z0-9_]+)$")]
    private static partial Regex OnlyVariable();

    // ${card_target:+, pushed the card}: the words said when the value is set.
    [GeneratedRegex(@"\$\{[A-Za-z_]+:\+([^}]*)\}")]
    private static partial Regex Alternative();

    [GeneratedRegex(@"\$\(\([^)]*\)\)|\$\((?:[^()]|\([^)]*\))*\)|\$\{[^}]*\}|\$[A-Za-z0-9_#@]+")]
    private static partial Regex Expansion();
}
