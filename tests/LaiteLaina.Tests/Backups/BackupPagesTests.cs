using LaiteLaina.Backups;
using LaiteLaina.Tests.Web;
using LaiteLaina.Users;

namespace LaiteLaina.Tests.Backups;

/// <summary>The last backup as the manager (dashboard) and the administrator (settings) see it, in Finnish.</summary>
public sealed class BackupPagesTests(Engine engine) : ApiTest(engine)
{
    private Task<WebSession> SignInAsync(string name, string role) => SignedInSessionAsync(name, "Test " + role, role);

    [Test]
    public async Task Dashboard_LastBackupFailedOnAFullDisk_ManagerReadsWhyInFinnish()
    {
        var store = App.Services.GetRequiredService<BackupStore>();
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        await store.AddAsync(at, at, "/srv/backups/20261206T023000Z", BackupRun.Ok, 1000, 10, null, default);
        await store.AddAsync(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "/srv/backups", BackupRun.Failed, 0, 0, Msg.BackupDiskFull.With("/srv/backups"), default);
        var manager = await SignInAsync("maija", "manager");
        var page = await manager.GetAsync("/dashboard");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        if (Engine == Engine.Postgres)
        {
            Assert.That(page.Text, Does.Contain("Tietokanta on PostgreSQL-palvelimella, ja sen varmuuskopioista huolehtii palvelimen ylläpito.")
                .And.Not.Contain("pg_dump"), "a manager reads who takes care of backups, not the tools' names");
            return;
        }
        Assert.That(page.Text, Does.Contain("Viimeisin varmuuskopio").And.Contain("Epäonnistui"));
        Assert.That(page.Text, Does.Contain("varmuuskopiokansio /srv/backups on täynnä"));
        Assert.That(page.Text, Does.Contain("Viimeisin onnistunut varmuuskopio"));
    }

    [Test]
    public async Task AdminSettings_NoBackupYet_SaysWhenTheFirstIsMade()
    {
        var admin = await SignInAsync("aada", "admin");
        var page = await admin.GetAsync("/admin/settings");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Text, Does.Contain(Engine == Engine.Sqlite
            ? "Varmuuskopiota ei ole vielä tehty. Ensimmäinen tehdään automaattisesti klo 02.30."
            : "Tietokanta on PostgreSQL-palvelimella"));
    }
}
