using System.Globalization;
using System.Security.Cryptography;

namespace LaiteLaina.Users;

public static class UserCommands
{
    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(UserCommand(app));

    private static Command UserCommand(CliApp app) => new("user", "People who sign in: volunteers, counsellors, managers, administrators; API tokens")
    {
        UserAdd(app),
        UserList(app),
        UserPasswd(app),
        UserSetRole(app),
        UserDisable(app),
        UserEmail(app),
        UserEnable(app),
        UserToken(app),
        UserTokens(app),
        UserRevokeToken(app),
    };

    private static Argument<string> NameArgument() => new("name") { Description = "Sign-in name, such as sari.s" };

    private static Option<string?> PasswordFileOption() => new("--password-file")
    {
        Description = "Read the password from the first line of this file; without it a password is generated, shown once, and must be changed at first sign-in",
    };

    private static Command UserAdd(CliApp app)
    {
        var name = NameArgument();
        var role = new Option<string>("--role") { Description = "volunteer, counsellor, manager or admin", Required = true };
        var display = new Option<string?>("--display-name") { Description = "Name shown on screens and agreements, such as \"Sari Salo\"" };
        var language = new Option<string?>("--language") { Description = "fi (default), sv or en" };
        var passwordFile = PasswordFileOption();
        var add = new Command("add", "Add a user") { name, role, display, language, passwordFile };
        app.Action(add, async (cli, ct) =>
        {
            var (password, generated) = await PasswordAsync(cli.Parse.GetValue(passwordFile), ct);
            var u = await (await cli.GetAsync<UserService>(ct)).AddAsync(cli.Parse.GetValue(name)!, cli.Parse.GetValue(display), cli.Parse.GetValue(role)!,
                password, cli.Actor, mustChangePassword: generated, language: cli.Parse.GetValue(language), ct: ct);
            await cli.Out.WriteLineAsync($"User {u.Name} ({EnumText.Kebab(u.Role)}) added.");
            if (generated)
                await cli.Out.WriteLineAsync($"Password (shown only now; to be changed at first sign-in): {password}");
        });
        return add;
    }

    private static Command UserList(CliApp app)
    {
        var list = new Command("list", "List users");
        app.Action(list, async (cli, ct) => cli.List(await (await cli.GetAsync<UserService>(ct)).ListAsync(ct),
            new("name", u => u.Name), new("display name", u => u.DisplayName), new("role", u => EnumText.Kebab(u.Role)),
            new("language", u => u.Language), new("last sign-in", u => u.LastSignInAt),
            new("state", u => u.DisabledAt is not null ? "disabled" : u.LockedUntil > DateTimeOffset.UtcNow ? "locked" : "active")));
        return list;
    }

    private static Command UserPasswd(CliApp app)
    {
        var name = NameArgument();
        var passwordFile = PasswordFileOption();
        var passwd = new Command("passwd", "Set a new password (generated unless --password-file)") { name, passwordFile };
        app.Action(passwd, async (cli, ct) =>
        {
            var (password, generated) = await PasswordAsync(cli.Parse.GetValue(passwordFile), ct);
            var u = await (await cli.GetAsync<UserService>(ct)).SetPasswordAsync(cli.Parse.GetValue(name)!, password, cli.Actor, mustChange: generated, ct: ct);
            await cli.Out.WriteLineAsync(generated ? $"New password for {u.Name} (shown only now; to be changed at next sign-in): {password}" : $"Password of {u.Name} changed.");
        });
        return passwd;
    }

    private static Command UserSetRole(CliApp app)
    {
        var name = NameArgument();
        var newRole = new Argument<string>("role") { Description = "volunteer, counsellor, manager or admin" };
        var setRole = new Command("role", "Change a user's role") { name, newRole };
        app.Action(setRole, async (cli, ct) =>
        {
            var u = await (await cli.GetAsync<UserService>(ct)).SetRoleAsync(cli.Parse.GetValue(name)!, cli.Parse.GetValue(newRole)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"{u.Name} is now {EnumText.Kebab(u.Role)}.");
        });
        return setRole;
    }

    private static Command UserEmail(CliApp app)
    {
        var name = NameArgument();
        var email = new Argument<string>("email") { Description = "Work e-mail address for the morning list of overdue loans; \"\" clears it" };
        var command = new Command("email", "Set where a counsellor's morning list of overdue loans is e-mailed") { name, email };
        app.Action(command, async (cli, ct) =>
        {
            var u = await (await cli.GetAsync<UserService>(ct)).SetEmailAsync(cli.Parse.GetValue(name)!, cli.Parse.GetValue(email), cli.Actor, ct);
            await cli.Out.WriteLineAsync(u.Email is null ? $"{u.Name} has no e-mail address." : $"{u.Name}: {u.Email}");
        });
        return command;
    }

    private static Command UserDisable(CliApp app)
    {
        var name = NameArgument();
        var disable = new Command("disable", "Stop a user from signing in; their sessions and tokens stop working at once") { name };
        app.Action(disable, async (cli, ct) =>
        {
            var u = await (await cli.GetAsync<UserService>(ct)).DisableAsync(cli.Parse.GetValue(name)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"{u.Name} is disabled.");
        });
        return disable;
    }

    private static Command UserEnable(CliApp app)
    {
        var name = NameArgument();
        var enable = new Command("enable", "Let a disabled or locked-out user sign in again") { name };
        app.Action(enable, async (cli, ct) =>
        {
            var u = await (await cli.GetAsync<UserService>(ct)).EnableAsync(cli.Parse.GetValue(name)!, cli.Actor, ct);
            await cli.Out.WriteLineAsync($"{u.Name} can sign in again.");
        });
        return enable;
    }

    private static Command UserToken(CliApp app)
    {
        var name = NameArgument();
        var label = new Option<string?>("--label") { Description = "What the token is for, such as \"nightly export\"" };
        var token = new Command("token", "Make an API token for scripts (shown once; send it as 'Authorization: Bearer TOKEN')") { name, label };
        app.Action(token, async (cli, ct) =>
        {
            var (t, secret) = await (await cli.GetAsync<UserService>(ct)).CreateTokenAsync(cli.Parse.GetValue(name)!, cli.Parse.GetValue(label), cli.Actor, ct);
            await cli.Out.WriteLineAsync(secret);
            await cli.Error.WriteLineAsync($"Token {t.Id} \"{t.Label}\": keep it like a password; it is shown only now.");
        });
        return token;
    }

    private static Command UserTokens(CliApp app)
    {
        var name = NameArgument();
        var tokens = new Command("tokens", "List a user's API tokens (never the tokens themselves)") { name };
        app.Action(tokens, async (cli, ct) => cli.List(await (await cli.GetAsync<UserService>(ct)).TokensAsync(cli.Parse.GetValue(name)!, ct),
            new("id", t => t.Id), new("label", t => t.Label), new("created", t => t.CreatedAt), new("last used", t => t.LastUsedAt), new("revoked", t => t.RevokedAt)));
        return tokens;
    }

    private static Command UserRevokeToken(CliApp app)
    {
        var tokenId = new Argument<long>("id") { Description = "Token number from 'user tokens'" };
        var revoke = new Command("revoke-token", "Revoke an API token") { tokenId };
        app.Action(revoke, async (cli, ct) =>
        {
            await (await cli.GetAsync<UserService>(ct)).RevokeTokenAsync(cli.Parse.GetValue(tokenId), cli.Actor, ct);
            await cli.Out.WriteLineAsync($"Token {cli.Parse.GetValue(tokenId).ToString(CultureInfo.InvariantCulture)} revoked.");
        });
        return revoke;
    }


    private static async Task<(string Password, bool Generated)> PasswordAsync(string? file, CancellationToken ct)
    {
        if (file is null)
            return (Generate(), true);
        if (!File.Exists(file))
            throw UserError.Invalid("password-file", file, Msg.UserPasswordFile);
        var first = (await File.ReadAllLinesAsync(file, ct)).FirstOrDefault() ?? "";
        return (first, false);
    }

    /// <summary>Four groups of letters and digits without look-alikes, easy to read out and type once.</summary>
    public static string Generate()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return string.Join('-', Enumerable.Range(0, 4).Select(_ => new string(Enumerable.Range(0, 4).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray())));
    }
}
