using LaiteLaina.Tests.Storage;
using LaiteLaina.Tests.Web;

namespace LaiteLaina.Tests.Audit;

/// <summary>A provisioning job's end in the audit log reaches a Finnish and a Swedish administrator in their language,
/// its step named as the board names it and its message from the catalog, never the scripts' English.</summary>
public sealed class AuditLogLanguageTests(Engine engine) : ApiTest(engine)
{
    [TestCase("fi", "esitarkistus", "Tabletissa on näytön lukitus (PIN-koodi, kuvio tai salasana)", "(profiili staff-tablet)")]
    [TestCase("sv", "förhandskontroll", "Surfplattan har ett skärmlås (PIN-kod, mönster eller lösenord)", "(profil staff-tablet)")]
    public async Task AuditLog_ProvisioningJobStopped_StepAndMessageInReadersLanguage(string language, string step, string message, string profile)
    {
        await AuditDiffTests.ProvisioningStoppedAsync(Db);
        var web = await SignedInSessionAsync("aino", "Aino Ylläpitäjä", "admin", language);

        var page = await web.GetAsync("/audit?action=provisioning.needs-person");

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        var row = page.Text[page.Text.IndexOf("LL-000007", StringComparison.Ordinal)..];
        Assert.That(row, Does.Contain(step).And.Contain(message).And.Contain(profile));
        Assert.That(row, Does.Not.Contain("precheck").And.Not.Contain("screen lock").And.Not.Contain("msg:"));
    }
}
