using LaiteLaina.Hardware;
using Microsoft.Extensions.Configuration;

namespace LaiteLaina.Tests.Hardware;

public sealed class HardwareSettingsTests
{
    private static HardwareSettings Load(params (string Key, string Value)[] values) =>
        HardwareSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [TestCaseSource(typeof(HardwareSettings), nameof(HardwareSettings.ProfileNames))]
    public void Load_EachProfile_LoadsAndValidates(string profile)
    {
        var isScanner = HardwareSettings.ProfileNames.Contains(profile) && !profile.Contains("dpi", StringComparison.Ordinal);
        var hardware = isScanner
            ? Load(("Scanners:0:Profile", profile), ("Scanners:0:Port", "/dev/serial/by-id/usb-test-if00"))
            : Load(("Printers:0:Profile", profile), ("Printers:0:Name", "p"), ("Printers:0:Port", "/dev/serial/by-id/usb-test-if00"));
        Assert.That(hardware.Scanners.Count + hardware.Printers.Count, Is.EqualTo(1));
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

    [TestCase("Printers:0:Language", "pcl", "Printers:0:Language 'pcl' is not valid: use zpl or escpos.")]
    [TestCase("Printers:0:Dpi", "250", "Printers:0:Dpi '250' is not valid: use 203 or 300 (or 152, 180, 600).")]
    [TestCase("Printers:0:LabelSize", "big", "Printers:0:LabelSize 'big' is not valid: write width x height in millimetres, such as 50.8x25.4 or 62x29 (15-120 x 10-200).")]
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
