using LaiteLaina.Users;

namespace LaiteLaina.Tests.Users;

/// <summary>The rules that keep an office from locking itself out, held by the service on each engine, whoever calls it
/// (the page, the API, the command line).</summary>
public sealed class UserAdminTests(Engine engine) : DatabaseTest(engine)
{
    private const string Password = "correct horse battery";
    private UserService users = null!;

    [SetUp]
    public async Task AddUsersAsync()
    {
        users = new UserService(Db, TimeProvider.System);
        await users.AddAsync("anna", "Anna Ylläpito", "admin", Password, "test");
        await users.AddAsync("maija", "Maija Esihenkilö", "manager", Password, "test");
    }

    private Task<AppUser> StoredAsync(string name) => Db.ReadAsync(c => c.QuerySingleAsync<AppUser>(
        "SELECT name, display_name, role, disabled_at FROM users WHERE name = @name", new { name }));

    [Test]
    public async Task DisableAsync_OwnAccount_RefusedInFinnishAndNothingChanged()
    {
        await users.AddAsync("pekka", "Pekka Ylläpito", "admin", Password, "test");

        var refused = Assert.ThrowsAsync<UserError>(() => users.DisableAsync("anna", "web:anna"));

        Assert.That(refused!.Code, Is.EqualTo("user.disable-self"));
        Assert.That(refused.In(CultureInfo.GetCultureInfo("fi")), Is.EqualTo("Omaa käyttäjätiliä ei voi poistaa käytöstä. Pyydä toista ylläpitäjää tekemään se."));
        Assert.That((await StoredAsync("anna")).DisabledAt, Is.Null);
    }

    [Test]
    public void DisableAsync_OwnAccountFromTheCommandLine_Refused()
    {
        var refused = Assert.ThrowsAsync<UserError>(() => users.DisableAsync("anna", "cli:anna"));
        Assert.That(refused!.Code, Is.EqualTo("user.disable-self"));
    }

    [Test]
    public async Task SetRoleAsync_OwnAdministratorRole_RefusedWhileAnotherAdminExists()
    {
        await users.AddAsync("pekka", "Pekka Ylläpito", "admin", Password, "test");

        var refused = Assert.ThrowsAsync<UserError>(() => users.SetRoleAsync("anna", "manager", "api:anna"));

        Assert.That(refused!.Code, Is.EqualTo("user.demote-self"));
        Assert.That((await StoredAsync("anna")).Role, Is.EqualTo(UserRole.Admin));
    }

    [Test]
    public async Task DisableAndDemote_LastAdministratorByAnotherActor_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.ThrowsAsync<UserError>(() => users.DisableAsync("anna", "cli:root"))!.Code, Is.EqualTo("user.last-admin"));
            Assert.That(Assert.ThrowsAsync<UserError>(() => users.SetRoleAsync("anna", "counsellor", "cli:root"))!.Code, Is.EqualTo("user.last-admin"));
        });
        var anna = await StoredAsync("anna");
        Assert.That((anna.Role, anna.DisabledAt), Is.EqualTo((UserRole.Admin, (DateTimeOffset?)null)));
    }

    [Test]
    public async Task DisableAsync_AnotherUser_Disabled()
    {
        await users.DisableAsync("maija", "web:anna");
        Assert.That((await StoredAsync("maija")).DisabledAt, Is.Not.Null);
    }
}
