using LaiteLaina.Cli;

namespace LaiteLaina.Tests.Cli;

public sealed class CliHintsTests
{
    [Test]
    public void Lines_RefusalWithAHint_SaysTheCommandOnItsOwnLine()
    {
        var e = new UserError(Msg.DeviceNotWipedSince.With("LL-000007", Msg.DeviceDonated));
        Assert.That(CliHints.Lines(e, MessageCatalog.English).Split(Environment.NewLine),
            Is.EqualTo(new[] { "error: " + e.Message, "hint: laitelaina device wiped LL-000007 --method ... --by NAME" }));
    }

    [Test]
    public void For_HintedMessageInsideValueInvalid_FoundInside() =>
        Assert.That(CliHints.For(UserError.Invalid("location", "Aula", Msg.DeviceLocationWithoutSite).Text), Is.EqualTo("give --site too"));

    [Test]
    public void For_MessageWithoutHint_Null() =>
        Assert.That(CliHints.For(Msg.DeviceDonated), Is.Null);
}
