namespace LaiteLaina.Tests.Provisioning;

[TestFixture]
public sealed class ProfileTests
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("laitelaina-profiles-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void LoadAll_ShippedProfiles_EveryOneLoads()
    {
        var loaded = new ProvisioningProfiles(directory).LoadAll();

        Assert.That(ProvisioningProfiles.ShippedNames, Is.EquivalentTo(new[] { "client-loan", "donated-handover", "recovery-reset", "staff-tablet" }));
        Assert.That(loaded.Select(p => p.Name), Is.EquivalentTo(ProvisioningProfiles.ShippedNames));
        Assert.That(loaded.Select(p => p.Method).Distinct(), Is.EquivalentTo(new[] { WipeMethod.Testharness, WipeMethod.UserReset, WipeMethod.Guided }));
        // A tablet a client keeps is reset by a person, never left in Test Harness Mode.
        Assert.That(loaded.Single(p => p.Name == "donated-handover"), Has.Property("Method").EqualTo(WipeMethod.Guided).And.Property("Destination").EqualTo(TabletDestination.Handover));
        Assert.That(loaded.Single(p => p.Name == "staff-tablet").Destination, Is.EqualTo(TabletDestination.Office));
        Assert.That(loaded, Has.All.Matches<ProvisioningProfile>(p => p.Apps.Count > 0 && p.CardTarget != null && p.Description.Length > 0));
    }

    [Test]
    public void LoadAll_EditedCopy_KeptNotOverwritten()
    {
        var profiles = new ProvisioningProfiles(directory);
        profiles.EnsureDefaults();
        File.WriteAllText(Path.Combine(directory, "staff-tablet.json"), """{ "wipe": { "method": "recovery" } }""");

        Assert.That(profiles.Get("staff-tablet").Method, Is.EqualTo(WipeMethod.Guided));
    }

    [Test]
    public void EnsureDefaults_CopyOfTheEarlierShippedVersion_UpgradedToTheGuidedReset()
    {
        // donated-handover as every earlier version copied it into DATA: test harness for a tablet a client keeps.
        var path = Path.Combine(directory, "donated-handover.json");
        File.WriteAllText(path, """
            {
              "description": "Donated tablet going to a client to keep: factory reset in test-harness mode, Kela and OmaKanta, large text",
              "wipe": { "method": "testharness" },
              "min_battery": 30,
              "apps": [
                { "package": "fi.kela.asiointi", "apk": "kela.apk" },
                { "package": "fi.kanta.omakanta", "apk": "omakanta.apk" }
              ],
              "settings": { "font_scale": 1.3, "screen_timeout_seconds": 600, "locale": "fi-FI", "device_name_from_tag": true },
              "card": { "target": "/sdcard/Documents/Tama_tabletti.txt" },
              "disable_packages": []
            }

            """.ReplaceLineEndings("\n"));

        var profile = new ProvisioningProfiles(directory).Get("donated-handover");

        Assert.That((profile.Method, profile.Destination), Is.EqualTo((WipeMethod.Guided, (TabletDestination?)TabletDestination.Handover)));
    }

    [TestCase("testharness")]
    [TestCase("user-reset")]
    public void Get_HandoverProfileWithAMethodThatLeavesTraces_RefusedNamingFieldValueAndWhatWouldBeRight(string method)
    {
        File.WriteAllText(Path.Combine(directory, "gift.json"), $$"""{ "destination": "handover", "wipe": { "method": "{{method}}" } }""");

        var error = Assert.Throws<UserError>(() => new ProvisioningProfiles(directory).Get("gift"))!;

        Assert.That(error.Message, Does.StartWith($"profile gift.json: wipe.method '{method}'").And.Contain("\"guided\" for a tablet with \"destination\": \"handover\""));
    }

    [Test]
    public void Get_TestHarnessForATabletTheOfficeKeeps_Loads()
    {
        File.WriteAllText(Path.Combine(directory, "kept.json"), """{ "destination": "office", "wipe": { "method": "testharness" } }""");

        Assert.That(new ProvisioningProfiles(directory).Get("kept").Destination, Is.EqualTo(TabletDestination.Office));
    }

    [TestCase("""{ "wipe": { "method": "format-c" } }""", "wipe.method 'format-c'", "guided, testharness, user-reset or custom")]
    [TestCase("""{ "destination": "client", "wipe": { "method": "guided" } }""", "destination 'client'", "office (the office keeps the tablet), loan")]
    [TestCase("""{ "wipe": { "method": "custom" } }""", "wipe.command ''", "needs the command")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "apps": [ { "package": "fi.kela.asiointi", "apk": "kela.apk" }, { "package": "not a package", "apk": "x.apk" } ] }""", "apps[1].package 'not a package'", "Android package name")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "apps": [ { "package": "fi.kela.asiointi", "apk": "../kela.exe" } ] }""", "apps[0].apk '../kela.exe'", "ending in .apk")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "settings": { "font_scale": 5 } }""", "settings.font_scale '5'", "0.85 to 2")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "settings": { "locale": "Finnish" } }""", "settings.locale 'Finnish'", "fi-FI")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "min_battery": 120 }""", "min_battery '120'", "0 to 100")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "card": { "target": "/data/x.txt" } }""", "card.target '/data/x.txt'", "/sdcard/")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "wipes": 1 }""", "wipes is not a setting", "did you mean wipe?")]
    [TestCase("""{ "wipe": { "method": "testharness", "user_nmae": "x" } }""", "wipe.user_nmae is not a setting", "did you mean user_name?")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "settings": { "font_scael": 1.3 } }""", "settings.font_scael is not a setting", "did you mean font_scale?")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "apps": [ { "package": "fi.kela.asiointi", "apk": "kela.apk", "version": 3 } ] }""", "apps[0].version is not a setting", "use one of package, apk.")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "card": { "taget": "/sdcard/x.txt" } }""", "card.taget is not a setting", "did you mean target?")]
    [TestCase("""{ "wipe": { "method": "testharness" }, "disable_packages": [ "com.google.android.youtube", "bad name" ] }""", "disable_packages[1] 'bad name'", "package name")]
    [TestCase("""{ "wipe": { "method": "testharness" """, "(file)", "valid JSON")]
    [TestCase("""{ "apps": [] }""", "wipe", "\"method\"")]
    public void Get_BadProfile_ErrorNamesFileFieldAndValue(string json, string fieldAndValue, string allowed)
    {
        File.WriteAllText(Path.Combine(directory, "broken.json"), json);

        var error = Assert.Throws<UserError>(() => new ProvisioningProfiles(directory).Get("broken"))!;

        Assert.That(error.Message, Does.StartWith("profile broken.json: "));
        Assert.That(error.Message, Does.Contain(fieldAndValue));
        Assert.That(error.Message, Does.Contain(allowed));
        Assert.That(error.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void Get_UnknownName_ListsTheKnownOnes()
    {
        var error = Assert.Throws<UserError>(() => new ProvisioningProfiles(directory).Get("nope"))!;

        Assert.That(error.Message, Does.Contain("profile 'nope'").And.Contain("client-loan").And.Contain("staff-tablet"));
    }
}

[TestFixture]
public sealed class ContractParsingTests
{
    [Test]
    public void Parse_ProgressLineWithQuotesAndAct_Fields()
    {
        var line = AdbScriptLine.Parse("""LL step=wipe progress=60 message="The \"tablet\" is in recovery" act="Press power\\ok" """.TrimEnd())!;

        Assert.That(line["step"], Is.EqualTo("wipe"));
        Assert.That(line.Progress, Is.EqualTo(60));
        Assert.That(line["message"], Is.EqualTo("The \"tablet\" is in recovery"));
        Assert.That(line["act"], Is.EqualTo("Press power\\ok"));
        Assert.That(AdbScriptLine.Parse("Installing..."), Is.Null);
    }

    [Test]
    public void Parse_AdbDevicesLong_StatesAndInstructions()
    {
        var devices = AttachedDevices.Parse("""
            List of devices attached
            LGUS996e5ef677         device usb:341835776X product:elsa_nao_us model:LG_US996 device:elsa transport_id:85
            192.168.0.3:5555       unauthorized transport_id:1
            MWS0216B24001482       offline transport_id:3

            """);

        Assert.That(devices.Select(d => (d.AdbSerial, d.State)), Is.EqualTo(new[] { ("LGUS996e5ef677", "device"), ("192.168.0.3:5555", "unauthorized"), ("MWS0216B24001482", "offline") }));
        Assert.That(devices[0].Model, Is.EqualTo("LG_US996"));
        Assert.That(devices[1].Instruction?.Render(MessageCatalog.English), Does.Contain("Allow USB debugging?"));
        Assert.That(devices[2].Instruction?.Id, Is.EqualTo(Msg.ProvisioningTabletOffline));
    }
}
