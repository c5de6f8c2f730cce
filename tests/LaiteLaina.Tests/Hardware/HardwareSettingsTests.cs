using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Hardware;

public sealed class HardwareSettingsTests
{
    private static HardwareSettings Load(params (string Key, string Value)[] values) =>
        HardwareSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [TestCaseSource(typeof(HardwareSettings), nameof(HardwareSettings.ProfileNames))]
    public void Load_EachProfile_LoadsAndValidates(string profile)
    {
        var isScanner = HardwareSettings.KindOf(profile) == "Scanner";
        var hardware = isScanner
            ? Load(("Scanners:0:Profile", profile), ("Scanners:0:Port", "/dev/serial/by-id/usb-test-if00"))
            : Load(("Printers:0:Profile", profile), ("Printers:0:Name", "p"), ("Printers:0:Port", "/dev/serial/by-id/usb-test-if00"));
        Assert.That(hardware.Scanners.Count + hardware.Printers.Count, Is.EqualTo(1));
    }

    [Test]
    public void Load_OldEscPosProfileName_MappedToTheEpsonTmL90AndReported()
    {
        var hardware = Load(("Printers:0:Profile", "escpos-62x29-300dpi"), ("Printers:0:Name", "p"), ("Printers:0:Port", "/tmp/p"));
        var printer = hardware.Printers.Single();
        Assert.That((printer.Language, printer.Dpi, printer.LabelSize, printer.Rendering),
            Is.EqualTo((LabelLanguage.EscPos, 203, new LabelSize(48, 30), EscPosRendering.Raster)));
        Assert.That(hardware.Renamed, Is.EqualTo(new[] { ("Printers:0:Profile", "escpos-62x29-300dpi", "epson-tm-l90-58x30-203dpi") }));
    }

    [Test]
    public void Load_WrongRendering_RefusedNamingKeyValueAndChoices()
    {
        var e = Assert.Throws<UserError>(() => Load(("Printers:0:Name", "p"), ("Printers:0:Port", "/tmp/p"), ("Printers:0:Language", "escpos"), ("Printers:0:Rendering", "bitmap")));
        Assert.That(e!.Message, Is.EqualTo("Printers:0:Rendering 'bitmap' is not valid: use auto, raster or text."));
        Assert.That(e.In(System.Globalization.CultureInfo.GetCultureInfo("fi")), Does.Contain("'bitmap'").And.Contain("käytä arvoa auto, raster tai text"));
    }

    [Test]
    public void Load_MisspeltKeyInFile_ErrorNamesFileKeyAndGuess()
    {
        var file = Path.Combine(Path.GetTempPath(), $"laitelaina-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "Scanners": [ { "Port": "/dev/x", "Terminater": "CR LF" } ] }""");
        try
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();
            var e = Assert.Throws<UserError>(() => HardwareSettings.Load(configuration));
            Assert.That(e!.Message, Is.EqualTo($"{file}: Scanners:0:Terminater is not a setting; did you mean Terminator?"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("Printers:0:Dip", "300", "configuration: Printers:0:Dip is not a setting; did you mean Dpi?")]
    [TestCase("PrintQueue:PollSecs", "5", "configuration: PrintQueue:PollSecs is not a setting; did you mean PollSeconds?")]
    [TestCase("Scanners:0:Colour", "red", "configuration: Scanners:0:Colour is not a setting; use one of Profile, Name, Port")]
    public void Load_UnknownKey_Refused(string key, string value, string message)
    {
        var e = Assert.Throws<UserError>(() => Load(("Scanners:0:Port", "/dev/x"), ("Printers:0:Name", "p"), ("Printers:0:Port", "/tmp/p"), (key, value)));
        Assert.That(e!.Message, Does.StartWith(message));
    }

    [Test]
    public void Load_UnknownKeyFromEnvironment_NamesTheVariable()
    {
        Environment.SetEnvironmentVariable("LLTEST_Scanners__0__Port", "/dev/x");
        Environment.SetEnvironmentVariable("LLTEST_Scanners__0__Baudrate", "9600");
        try
        {
            var e = Assert.Throws<UserError>(() => HardwareSettings.Load(new ConfigurationBuilder().AddEnvironmentVariables("LLTEST_").Build()));
            Assert.That(e!.Message, Does.StartWith("environment variable Scanners__0__Baudrate: Scanners:0:Baudrate is not a setting"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("LLTEST_Scanners__0__Port", null);
            Environment.SetEnvironmentVariable("LLTEST_Scanners__0__Baudrate", null);
        }
    }

    [TestCase("generic-9600-cr", "Scanner")]
    [TestCase("zebra-zd421-203dpi-50x25", "Printer")]
    public void KindOf_ShippedProfile_ReadFromTheFile(string profile, string kind) =>
        Assert.That(HardwareSettings.KindOf(profile), Is.EqualTo(kind));

    [TestCase("""{ }""", "hardware profile x (Hardware/Profiles/x.json): give the profile's kind")]
    [TestCase("""{ "Baud": 9600 }""", "hardware profile x (Hardware/Profiles/x.json): Baud is not a profile kind; use one of Scanner, Printer.")]
    [TestCase("""{ "Scaner": { "Baud": 9600 } }""", "hardware profile x (Hardware/Profiles/x.json): Scaner is not a profile kind; did you mean Scanner?")]
    [TestCase("""{ "Scanner": { }, "Printer": { "Dpi": 300 } }""", "hardware profile x (Hardware/Profiles/x.json): give the profile's kind")]
    public void ParseProfile_NoKindOrWrongKind_Refused(string json, string message)
    {
        var e = Assert.Throws<UserError>(() => HardwareSettings.ParseProfile("x", json));
        Assert.That(e!.Message, Does.StartWith(message));
    }

    [Test]
    public void Load_ScannerNamesPrinterProfile_SaysWhichKindItIs()
    {
        var e = Assert.Throws<UserError>(() => Load(("Scanners:0:Port", "/dev/x"), ("Scanners:0:Profile", "zebra-zd421-203dpi-50x25")));
        Assert.That(e!.Message, Does.Contain("that is a printer profile, not a scanner profile"));
    }

    [Test]
    public void ProfileNames_Shipped_AtLeastFour() =>
        Assert.That(HardwareSettings.ProfileNames, Has.Count.GreaterThanOrEqualTo(4));

    [Test]
    public void Load_ProfileThenOwnKeys_OwnKeysWin()
    {
        var s = Load(("Scanners:0:Profile", "honeywell-115200-crlf"), ("Scanners:0:Port", "/dev/x"), ("Scanners:0:AimIds", "false")).Scanners[0];
        Assert.That((s.Baud, s.Terminator, s.AimIds, s.Name), Is.EqualTo((115200, ScanTerminator.CrLf, false, "x")));
    }

    [Test]
    public void Load_EnvironmentVariables_BindTheUsualWay()
    {
        Environment.SetEnvironmentVariable("LLTEST_Scanners__0__Port", "/dev/serial/by-id/usb-Honeywell-if00");
        Environment.SetEnvironmentVariable("LLTEST_Scanners__0__Terminator", "Tab");
        Environment.SetEnvironmentVariable("LLTEST_Printers__0__Name", "desk");
        Environment.SetEnvironmentVariable("LLTEST_Printers__0__Port", "tcp://10.0.0.5:9100");
        try
        {
            var hardware = HardwareSettings.Load(new ConfigurationBuilder().AddEnvironmentVariables("LLTEST_").Build());
            Assert.That(hardware.Scanners[0].Port, Is.EqualTo("/dev/serial/by-id/usb-Honeywell-if00"));
            Assert.That(hardware.Scanners[0].Terminator, Is.EqualTo(ScanTerminator.Tab));
            Assert.That(hardware.Printer(null).Port, Is.EqualTo("tcp://10.0.0.5:9100"));
        }
        finally
        {
            foreach (var k in new[] { "Scanners__0__Port", "Scanners__0__Terminator", "Printers__0__Name", "Printers__0__Port" })
                Environment.SetEnvironmentVariable("LLTEST_" + k, null);
        }
    }

    [TestCase("Printers:0:Language", "pcl", "Printers:0:Language 'pcl' is not valid: use zpl, escpos or brother-ql.")]
    [TestCase("Printers:0:Dpi", "250", "Printers:0:Dpi '250' is not valid: use 203 or 300 (or 152, 180, 600).")]
    [TestCase("Printers:0:LabelSize", "big", "Printers:0:LabelSize 'big' is not valid: write width x height in millimetres, such as 50.8x25.4 or 62x29 (15-120 x 10-200).")]
    [TestCase("Printers:0:LabelSize", "30x12", "Printers:0:LabelSize '30x12' is not valid: at 203 dpi the codes on a label this small cannot be scanned; use 40x20 or larger.")]
    public void Load_BadPrinterValue_MessageNamesKeyAndValue(string key, string value, string message)
    {
        var e = Assert.Throws<UserError>(() => Load(("Printers:0:Name", "p"), ("Printers:0:Port", "/tmp/p"), (key, value)));
        Assert.That(e!.Message, Is.EqualTo(message));
    }

    [TestCase("Scanners:0:Terminator", "ETX", "Scanners:0:Terminator 'ETX' is not valid")]
    [TestCase("Scanners:0:Parity", "Sometimes", "Scanners:0:Parity 'Sometimes' is not valid: use one of None, Odd, Even, Mark, Space.")]
    [TestCase("Scanners:0:Mode", "dance", "Scanners:0:Mode 'dance' is not valid: use one of lookup, staff-checkout, return, stocktake.")]
    [TestCase("Scanners:0:Profile", "nope", "Scanners:0:Profile 'nope' is not valid: use one of the profiles")]
    [TestCase("Scanners:0:BadgePattern", "(", "Scanners:0:BadgePattern '(' is not valid: write a regular expression")]
    [TestCase("Scanners:0:BadgePattern", " ", "Scanners:0:BadgePattern ' ' is not valid: write a regular expression for the staff badge codes")]
    [TestCase("Scanners:0:StaffLoanDays", "-1", "Scanners:0:StaffLoanDays '-1' is not valid: use 0 (due back today) to 30 days")]
    [TestCase("Scanners:0:StaffSessionIdleSeconds", "1", "Scanners:0:StaffSessionIdleSeconds '1' is not valid: use 5 to 3600 seconds.")]
    public void Load_BadScannerValue_MessageNamesKeyAndValue(string key, string value, string message)
    {
        var e = Assert.Throws<UserError>(() => Load(("Scanners:0:Port", "/dev/x"), (key, value)));
        Assert.That(e!.Message, Does.StartWith(message));
    }

    [Test]
    public void Load_StaffCheckoutKeysUnset_DueTodayAndOneMinuteSession()
    {
        var s = Load(("Scanners:0:Port", "/dev/x"), ("Scanners:0:Mode", "staff-checkout")).Scanners[0];
        Assert.That((s.Mode, s.StaffLoanDays, s.StaffSessionIdle, s.BadgePattern.IsMatch("STAFF-1234")),
            Is.EqualTo((ScanMode.StaffCheckout, 0, TimeSpan.FromSeconds(60), true)));
    }

    [Test]
    public void Load_ScannerWithoutPort_Refused()
    {
        var e = Assert.Throws<UserError>(() => Load(("Scanners:0:Baud", "9600")));
        Assert.That(e!.Message, Does.StartWith("Scanners:0:Port '' is not valid: it is required"));
    }

    [Test]
    public void Backoff_Attempts_DoublesUpToCap()
    {
        var q = PrintQueueSettings.Default;
        Assert.That(new[] { 1, 2, 3, 10 }.Select(a => q.Backoff(a).TotalSeconds), Is.EqualTo(new[] { 2.0, 4, 8, 60 }));
    }
}
