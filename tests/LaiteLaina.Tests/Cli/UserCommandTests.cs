using LaiteLaina.Users;

namespace LaiteLaina.Tests.Cli;

public sealed class UserCommandTests(Engine engine) : DatabaseTest(engine)
{
    private Task<CliResult> Run(params string[] args) => CliRun.RunAsync([.. args, .. DataArgs()]);

    [Test]
    public async Task Init_NoUsers_CreatesAnAdministratorWhoMustChangeThePassword()
    {
        var init = await Run("init");
        Assert.That(init.Out, Does.Contain("Administrator 'admin' created with the password "));
        var password = init.Out.Split("password ")[1].Split(' ')[0];
        var users = new UserService(Db, TimeProvider.System);
        var signedIn = await users.SignInAsync("admin", password);
        Assert.That(signedIn.User, Is.Not.Null);
        Assert.That(signedIn.User!.MustChangePassword, Is.True);
        Assert.That((await Run("init")).Out, Does.Not.Contain("Administrator"), "the second init makes no second administrator");
    }

    [Test]
    public async Task UserAdd_PasswordFile_SignsInAndListsTheRole()
    {
        var file = Path.Combine(Scratch, "pw");
        await File.WriteAllTextAsync(file, "kolme tavallista sanaa\n");
        var add = await Run("user", "add", "Sari.S", "--role", "counsellor", "--display-name", "Sari Salo", "--password-file", file);
        Assert.That((add.ExitCode, add.Error), Is.EqualTo((0, "")));
        var list = JsonDocument.Parse((await Run("user", "list", "--format", "json")).Out).RootElement;
        var sari = list.EnumerateArray().Single(u => u.GetProperty("name").GetString() == "sari.s");
        Assert.That(sari.GetProperty("role").GetString(), Is.EqualTo("counsellor"));
        Assert.That(sari.TryGetProperty("passwordHash", out _), Is.False, "the hash never leaves the database");
        Assert.That((await new UserService(Db, TimeProvider.System).SignInAsync("sari.s", "kolme tavallista sanaa")).User, Is.Not.Null);
    }

    [TestCase("--role", "boss", "role 'boss' is not valid")]
    [TestCase("--role", "counsellor", "password is too short")]
    public async Task UserAdd_BadInput_OneLineAndNothingAdded(string option, string value, string message)
    {
        var file = Path.Combine(Scratch, "short");
        await File.WriteAllTextAsync(file, "lyhyt\n");
        var add = await Run("user", "add", "ville", option, value, "--password-file", file);
        Assert.That(add.ExitCode, Is.EqualTo(1));
        Assert.That(add.Error, Does.Contain(message));
        Assert.That(add.Error, Does.Not.Contain("lyhyt"), "a password is never echoed back");
        Assert.That((await Run("user", "list", "--format", "json")).Out.Trim(), Is.EqualTo("[]"));
    }

    [Test]
    public async Task UserToken_Made_WorksUntilRevokedAndIsStoredOnlyAsAHash()
    {
        await Run("user", "add", "script", "--role", "manager");
        var token = (await Run("user", "token", "script", "--label", "nightly")).Out.Trim();
        Assert.That(token, Does.StartWith("ll_").And.Length.GreaterThan(40));
        var users = new UserService(Db, TimeProvider.System);
        Assert.That((await users.FindByTokenAsync(token))?.Name, Is.EqualTo("script"));
        var listed = (await Run("user", "tokens", "script")).Out;
        Assert.That(listed, Does.Contain("nightly").And.Not.Contain(token));
        var id = (await users.TokensAsync("script")).Single().Id;
        Assert.That((await Run("user", "revoke-token", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ExitCode, Is.Zero);
        Assert.That(await users.FindByTokenAsync(token), Is.Null);
    }

    [Test]
    public async Task UserDisable_OnlyAdministrator_RefusedWithTheReason()
    {
        await Run("init");
        var disable = await Run("user", "disable", "admin");
        Assert.That(disable.ExitCode, Is.EqualTo(1));
        Assert.That(disable.Error, Does.Contain("only administrator"));
    }
}
