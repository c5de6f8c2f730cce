using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using LaiteLaina.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LaiteLaina.Users;

/// <summary>
/// What a person may do. Volunteers work with devices, intake, labels and provisioning and never see who
/// borrows; counsellors also see and change borrowers and loans; managers see everything, including the audit
/// log and reports; administrators also manage users, sites, printers, scanners and templates.
/// </summary>

public sealed record AppUser
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string DisplayName { get; init; }
    public UserRole Role { get; init; }
    public string Language { get; init; } = "fi";
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public bool MustChangePassword { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastSignInAt { get; init; }

    /// <summary>Job title and work phone, printed where the person vouches for a document (a wipe certificate's performer
    /// or validator), as NIST SP 800-88's sample certificate asks.</summary>
    public string? Title { get; init; }
    public string? Phone { get; init; }

    /// <summary>The work address: from the organisation's provider at each sign-in, or typed in for a local account.
    /// A counsellor's morning list of overdue loans goes there; none, no list by e-mail.</summary>
    public string? Email { get; init; }

    /// <summary>Set when the person signs in with the organisation's account (OpenID Connect) rather than a password.</summary>
    public string? OidcSubject { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string SecurityStamp { get; init; } = "";

    [System.Text.Json.Serialization.JsonIgnore]
    internal string PasswordHash { get; init; } = "";

    /// <summary>Borrowers' names, contacts and loans: counsellors and up.</summary>
    public bool SeesBorrowers => Role >= UserRole.Counsellor;
}

/// <summary>What signing in with a token needs of it: which one, and when it was last used.</summary>
internal sealed record TokenUse(long Id, DateTimeOffset? LastUsedAt);

public sealed record ApiToken(long Id, long UserId, string Label, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>What the organisation's OpenID provider says about a person at sign-in, with the role their groups map to
/// (null: none of their groups is mapped to a LaiteLaina role), and the language chosen on the sign-in page, which a new
/// user starts with.</summary>
public sealed record OrganisationAccount(string Issuer, string Subject, string? PreferredName, string? DisplayName, string? Email, UserRole? Role,
    string Language = "fi");

/// <summary>The outcome of a sign-in attempt: the user, or one message that does not tell which part was wrong.</summary>
public sealed record SignInResult(AppUser? User, string? Problem);

/// <param name="hashing">The password hash's work factor; the default (Identity's PBKDF2 with HMAC-SHA512 at 100 000
/// iterations) unless the host configures it. A test host lowers it, as Django's test settings do: a test signs in
/// hundreds of users, and the format stores the count, so each hash is still checked with the count it was made with.</param>
public sealed partial class UserService(Database db, TimeProvider clock, IOptions<PasswordHasherOptions>? hashing = null)
{
    public const int MinimumPasswordLength = 10;
    public const int FailuresBeforeLockout = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    private readonly PasswordHasher<AppUser> hasher = new(hashing);

    private const string Select = """
        SELECT id, name, display_name, role, language, failed_sign_ins, locked_until, must_change_password, disabled_at,
               created_at, last_sign_in_at, security_stamp, password_hash, title, phone, email, oidc_subject
        FROM users
        """;

    public Task<AppUser> AddAsync(string name, string? displayName, string role, string password, string actor,
        bool mustChangePassword = false, string? language = null, CancellationToken ct = default)
    {
        var login = CheckName(name);
        var parsedRole = EnumText.Parse<UserRole>("role", role);
        CheckPassword(password);
        var lang = UiLanguages.Check(language ?? "fi");
        return db.WriteAsync(async (c, tx) =>
        {
            if (await FindAsync(c, tx, login) is not null)
                throw new UserError(Msg.UserExists.With(login), UserErrorKind.Conflict, "name");
            var user = new AppUser
            {
                Name = login,
                DisplayName = Parse.Text(displayName) ?? login,
                Role = parsedRole,
                Language = lang,
                MustChangePassword = mustChangePassword,
                CreatedAt = clock.GetUtcNow(),
                SecurityStamp = NewStamp(),
            };
            user = user with { PasswordHash = hasher.HashPassword(user, password) };
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO users (name, display_name, role, password_hash, language, must_change_password, security_stamp, created_at)
                VALUES (@Name, @DisplayName, @Role, @PasswordHash, @Language, @MustChangePassword, @SecurityStamp, @CreatedAt)
                RETURNING id
                """, new { user.Name, user.DisplayName, Role = EnumText.Kebab(user.Role), user.PasswordHash, user.Language, user.MustChangePassword, user.SecurityStamp, user.CreatedAt }, tx);
            user = user with { Id = id };
            await AuditLog.AppendAsync(c, tx, actor, "user.add", "user", id, login, null, new { user.Name, Role = user.Role.ToString() });
            return user;
        }, ct);
    }

    public async Task<IReadOnlyList<AppUser>> ListAsync(CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<AppUser>(Select + " ORDER BY name"), ct)).AsList();

    public Task<AppUser> GetAsync(string name, CancellationToken ct = default) =>
        db.ReadAsync(async c => await FindAsync(c, null, name.Trim().ToLowerInvariant()) ?? throw UserError.NotFound("user", name), ct);

    public Task<AppUser?> FindByIdAsync(long id, CancellationToken ct = default) =>
        db.ReadAsync(c => c.QuerySingleOrDefaultAsync<AppUser>(Select + " WHERE id = @id", new { id }), ct);

    public Task<bool> AnyAsync(CancellationToken ct = default) =>
        db.ReadAsync(async c => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users") > 0, ct);

    /// <summary>
    /// Checks a password. Five wrong ones in a row lock the account for 15 minutes; a locked, disabled or
    /// unknown account gets the same answer as a wrong password, so the form never tells which names exist. The
    /// hash is checked outside the transaction (it takes tens of milliseconds, which SQLite's one writer would
    /// otherwise wait for) and the count is one UPDATE that adds to the stored value, so thirty guesses at once
    /// count thirty on both engines instead of each writing back the number it read.
    /// </summary>
    public async Task<SignInResult> SignInAsync(string? name, string? password, CancellationToken ct = default)
    {
        var login = (name ?? "").Trim().ToLowerInvariant();
        var user = await db.ReadAsync(c => FindAsync(c, null, login), ct);
        // An unknown name costs the same hash as a known one, so the time of the answer tells nothing either.
        var hash = user?.PasswordHash ?? dummyHash.Value;
        var right = hasher.VerifyHashedPassword(user ?? DummyUser, hash, password ?? "") != PasswordVerificationResult.Failed
                    && !string.IsNullOrEmpty(password);
        var now = clock.GetUtcNow();
        if (user is null)
            return unknownNames.Fail(login, now);
        if (right && await SucceedAsync(user, hash, now, ct) is { } signedIn)
            return new SignInResult(signedIn, null);
        return await FailAsync(user, now, ct);
    }

    /// <summary>Signs in unless the account is locked or disabled or its password changed since it was read, all checked in the one UPDATE.</summary>
    private Task<AppUser?> SucceedAsync(AppUser user, string hash, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync("""
                UPDATE users SET failed_sign_ins = 0, locked_until = NULL, last_sign_in_at = @now
                WHERE id = @Id AND password_hash = @hash AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= @now)
                """, new { now, user.Id, hash }, tx);
            return changed == 0 ? null : user with { FailedSignIns = 0, LockedUntil = null, LastSignInAt = now };
        }, ct);

    /// <summary>
    /// Counts one failure in the stored counter and locks the account in the same statement when the count reaches
    /// the limit. Failures while locked still count but do not lengthen the lock; after it ends the count starts again.
    /// </summary>
    private Task<SignInResult> FailAsync(AppUser user, DateTimeOffset now, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var counted = await c.QuerySingleAsync<Counted>("""
                UPDATE users SET
                    failed_sign_ins = CASE WHEN locked_until <= @now THEN 1 ELSE failed_sign_ins + 1 END,
                    locked_until = CASE
                        WHEN locked_until > @now THEN locked_until
                        WHEN (CASE WHEN locked_until <= @now THEN 1 ELSE failed_sign_ins + 1 END) >= @limit THEN @until
                        ELSE NULL END
                WHERE id = @Id
                RETURNING failed_sign_ins, locked_until
                """, new { now, until = now + LockoutTime, limit = FailuresBeforeLockout, user.Id }, tx);
            if (counted.FailedSignIns == FailuresBeforeLockout)
                await AuditLog.AppendAsync(c, tx, "system", "user.locked", "user", user.Id, user.Name, null, new { counted.LockedUntil });
            return counted.LockedUntil > now ? Locked : Wrong;
        }, ct);

    private sealed class Counted
    {
        public int FailedSignIns { get; init; }
        public DateTimeOffset? LockedUntil { get; init; }
    }

    private static readonly SignInResult Wrong = new(null, "wrong-credentials");
    private static readonly SignInResult Locked = new(null, "locked");

    private static readonly AppUser DummyUser = new() { Name = "", DisplayName = "" };

    /// <summary>Hashed once, with this service's hasher and work factor, for the names that do not exist.</summary>
    private readonly Lazy<string> dummyHash = new(() => new PasswordHasher<AppUser>(hashing).HashPassword(DummyUser, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));

    private readonly UnknownNames unknownNames = new();

    /// <summary>
    /// The lockout an unknown name would have had, kept in memory: without it five guesses at a name would tell
    /// whether it exists (a real account answers "locked", a made-up one never would). Bounded, since anyone can
    /// make up names; when full, the entries whose lock has ended go first.
    /// </summary>
    private sealed class UnknownNames
    {
        private const int MaxNames = 10_000;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (int Failures, DateTimeOffset? LockedUntil)> names = new();

        public SignInResult Fail(string name, DateTimeOffset now)
        {
            if (names.Count >= MaxNames)
                foreach (var (key, value) in names)
                    if (value.LockedUntil is null || value.LockedUntil <= now)
                        names.TryRemove(key, out _);
            if (names.Count >= MaxNames)
                names.Clear();
            var (_, lockedUntil) = names.AddOrUpdate(name, _ => Next(0, null, now), (_, old) => Next(old.Failures, old.LockedUntil, now));
            return lockedUntil > now ? Locked : Wrong;
        }

        /// <summary>The same rule as the UPDATE in <see cref="FailAsync"/>.</summary>
        private static (int, DateTimeOffset?) Next(int failures, DateTimeOffset? lockedUntil, DateTimeOffset now)
        {
            if (lockedUntil > now)
                return (failures + 1, lockedUntil);
            var count = lockedUntil is null ? failures + 1 : 1;
            return (count, count >= FailuresBeforeLockout ? now + LockoutTime : null);
        }
    }

    /// <summary>
    /// Signs in a person the organisation's provider vouched for: their user row is found by issuer and subject, or
    /// created on the first sign-in, and its role, name and e-mail are set from what the provider says now, so a group
    /// removed there is a role gone here at the next sign-in. Nobody is created without a mapped role; a linked user
    /// who no longer has one is refused and their open sessions end (a new stamp), as a disabled account's do.
    /// Returns the user, or null with "no-role" or "disabled".
    /// </summary>
    public Task<SignInResult> SignInOrganisationAsync(OrganisationAccount account, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var linked = await c.QuerySingleOrDefaultAsync<AppUser>(Select + " WHERE oidc_issuer = @Issuer AND oidc_subject = @Subject",
                new { account.Issuer, account.Subject }, tx);
            var now = clock.GetUtcNow();
            if (account.Role is not { } role)
            {
                if (linked is not null)
                    await c.ExecuteAsync("UPDATE users SET security_stamp = @stamp WHERE id = @Id", new { stamp = NewStamp(), linked.Id }, tx);
                return new SignInResult(null, "no-role");
            }
            if (linked is { DisabledAt: not null })
                return new SignInResult(null, "disabled");
            var displayName = Parse.Text(account.DisplayName) ?? linked?.DisplayName;
            var email = Parse.Text(account.Email)?.ToLowerInvariant();
            if (linked is null)
            {
                var user = new AppUser
                {
                    Name = await FreeNameAsync(c, tx, account.PreferredName ?? account.Email),
                    DisplayName = "",
                    Role = role,
                    Language = UiLanguages.Check(account.Language),
                    CreatedAt = now,
                    LastSignInAt = now,
                    SecurityStamp = NewStamp(),
                    Email = email,
                    OidcSubject = account.Subject,
                };
                user = user with { DisplayName = displayName ?? user.Name };
                // No password: the empty hash never verifies, so this account signs in only through the provider.
                var id = await c.ExecuteScalarAsync<long>("""
                    INSERT INTO users (name, display_name, role, password_hash, language, security_stamp, created_at, last_sign_in_at,
                                       email, oidc_issuer, oidc_subject)
                    VALUES (@Name, @DisplayName, @Role, '', @Language, @SecurityStamp, @CreatedAt, @LastSignInAt, @Email, @issuer, @OidcSubject)
                    RETURNING id
                    """, new { user.Name, user.DisplayName, Role = EnumText.Kebab(role), user.Language, user.SecurityStamp, user.CreatedAt, user.LastSignInAt,
                        user.Email, issuer = account.Issuer, user.OidcSubject }, tx);
                await AuditLog.AppendAsync(c, tx, "system", "user.add", "user", id, user.Name, null, new { user.Name, Role = role.ToString(), Source = "oidc" });
                return new SignInResult(user with { Id = id }, null);
            }
            // A changed role ends the sessions signed in with the old one, as an administrator's change does.
            var after = linked with
            {
                // The provider's address when it sends one; else the one set here (on the account page), not wiped.
                Role = role, DisplayName = displayName ?? linked.DisplayName, Email = email ?? linked.Email, LastSignInAt = now,
                SecurityStamp = role == linked.Role ? linked.SecurityStamp : NewStamp(), FailedSignIns = 0, LockedUntil = null,
            };
            await c.ExecuteAsync("""
                UPDATE users SET role = @Role, display_name = @DisplayName, email = @Email, last_sign_in_at = @LastSignInAt, security_stamp = @SecurityStamp
                WHERE id = @Id
                """, new { Role = EnumText.Kebab(after.Role), after.DisplayName, after.Email, after.LastSignInAt, after.SecurityStamp, after.Id }, tx);
            if (role != linked.Role)
                await AuditLog.AppendAsync(c, tx, "system", "user.role", "user", linked.Id, linked.Name,
                    new { Role = linked.Role.ToString() }, new { Role = role.ToString(), Source = "oidc" });
            return new SignInResult(after, null);
        }, ct);

    /// <summary>A sign-in name made from the provider's user name or e-mail ("sari.salo@kunta.fi" is "sari.salo"), with a
    /// number added when a local account already has it: the two are different people until an administrator says otherwise.</summary>
    private static async Task<string> FreeNameAsync(DbConnection c, DbTransaction tx, string? wanted)
    {
        var local = (wanted ?? "").Split('@')[0].Trim().ToLowerInvariant();
        var cleaned = new string(local.Where(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' or '_').Take(56).ToArray());
        var stem = cleaned.Length >= 2 ? cleaned : "user";
        for (var n = 1; ; n++)
        {
            var name = n == 1 ? stem : stem + "-" + n.ToString(CultureInfo.InvariantCulture);
            if (await FindAsync(c, tx, name) is null)
                return name;
        }
    }

    public Task<AppUser> SetPasswordAsync(string name, string password, string actor, bool mustChange = false, CancellationToken ct = default)
    {
        CheckPassword(password);
        return Change(name, actor, "user.password", u =>
        {
            var changed = u with { MustChangePassword = mustChange, FailedSignIns = 0, LockedUntil = null, SecurityStamp = NewStamp() };
            return changed with { PasswordHash = hasher.HashPassword(changed, password) };
        }, ct);
    }

    /// <summary>
    /// Ends every cookie session of this user: each request compares the cookie's stamp with the stored one, so a
    /// cookie copied before signing out no longer opens anything. API tokens are not sessions and stay valid.
    /// </summary>
    public Task EndSessionsAsync(long id, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE users SET security_stamp = @stamp WHERE id = @id", new { stamp = NewStamp(), id }, tx), ct);

    public Task<AppUser> SetRoleAsync(string name, string role, string actor, CancellationToken ct = default)
    {
        var parsed = EnumText.Parse<UserRole>("role", role);
        return Change(name, actor, "user.role", u =>
        {
            // Taking away one's own administrator role would lock oneself out of the page that gives it back.
            if (IsSelf(u, actor) && u.Role == UserRole.Admin && parsed != UserRole.Admin)
                throw new UserError(Msg.UserDemoteSelf, UserErrorKind.Conflict, "role");
            return u with { Role = parsed, SecurityStamp = NewStamp() };
        }, ct);
    }

    public Task<AppUser> SetLanguageAsync(string name, string language, string actor, CancellationToken ct = default)
    {
        var lang = UiLanguages.Check(language);
        return Change(name, actor, "user.language", u => u with { Language = lang }, ct);
    }

    /// <summary>The title and work phone a certificate prints beside the person's name; empty clears them. A phone is
    /// digits with +, spaces, hyphens or brackets, so that a typo in another field does not end up as a number to call.</summary>
    public Task<AppUser> SetContactAsync(string name, string? title, string? phone, string actor, CancellationToken ct = default)
    {
        var t = Parse.Text(title);
        var p = Parse.Text(phone);
        if (t is { Length: > 80 })
            throw UserError.Invalid("title", t, Msg.UserTitleLong.With(80));
        // A number a person can call: a Finnish one has at least 7 digits with its area code, and none has more than
        // the 15 of an international number (ITU-T E.164).
        if (p is not null && (!PhonePattern().IsMatch(p) || p.Count(char.IsAsciiDigit) is < 7 or > 15))
            throw UserError.Invalid("phone", p, Msg.UserPhone);
        return Change(name, actor, "user.contact", u => u with { Title = t, Phone = p }, ct);
    }

    /// <summary>The work e-mail address the morning list of overdue loans goes to; empty clears it. Kept in lower case,
    /// as the provider's sign-in stores it, so that one address is one value wherever it was typed; a refusal quotes it as typed.</summary>
    public Task<AppUser> SetEmailAsync(string name, string? email, string actor, CancellationToken ct = default)
    {
        var e = Parse.Text(email);
        if (e is not null && (e.Length > 254 || !EmailPattern().IsMatch(e)))
            throw UserError.Invalid("email", e, Msg.UserEmail);
        var stored = e?.ToLowerInvariant();
        return Change(name, actor, "user.contact", u => u with { Email = stored }, ct);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")]
    private static partial System.Text.RegularExpressions.Regex EmailPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^\+?[0-9][0-9 ()-]{4,24}$")]
    private static partial System.Text.RegularExpressions.Regex PhonePattern();

    /// <summary>Disables a user; never the actor's own account, which would end the session that is doing it.</summary>
    public Task<AppUser> DisableAsync(string name, string actor, CancellationToken ct = default) =>
        Change(name, actor, "user.disable", u => IsSelf(u, actor)
            ? throw new UserError(Msg.UserDisableSelf, UserErrorKind.Conflict, "name")
            : u with { DisabledAt = u.DisabledAt ?? clock.GetUtcNow(), SecurityStamp = NewStamp() }, ct);

    /// <summary>Maija on the web (web:maija), with her token (api:maija) and at her terminal (cli:maija) is one person.</summary>
    private static bool IsSelf(AppUser user, string actor) => string.Equals(user.Name, Access.LoginOf(actor), StringComparison.OrdinalIgnoreCase);

    public Task<AppUser> EnableAsync(string name, string actor, CancellationToken ct = default) =>
        Change(name, actor, "user.enable", u => u with { DisabledAt = null, FailedSignIns = 0, LockedUntil = null }, ct);

    private Task<AppUser> Change(string name, string actor, string action, Func<AppUser, AppUser> change, CancellationToken ct) =>
        db.WriteAsync(async (c, tx) =>
        {
            var login = name.Trim().ToLowerInvariant();
            await LockForChangeAsync(c, tx, login);
            var before = await FindAsync(c, tx, login) ?? throw UserError.NotFound("user", name);
            var after = change(before);
            if (before.Role == UserRole.Admin && before.DisabledAt is null && (after.Role != UserRole.Admin || after.DisabledAt is not null)
                && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL", transaction: tx) <= 1)
                throw new UserError(Msg.UserLastAdmin.With(before.Name), UserErrorKind.Conflict, "role");
            await c.ExecuteAsync("""
                UPDATE users SET display_name = @DisplayName, role = @Role, password_hash = @PasswordHash, language = @Language,
                    failed_sign_ins = @FailedSignIns, locked_until = @LockedUntil, must_change_password = @MustChangePassword,
                    disabled_at = @DisabledAt, security_stamp = @SecurityStamp, title = @Title, phone = @Phone, email = @Email
                WHERE id = @Id
                """, new { after.DisplayName, Role = EnumText.Kebab(after.Role), after.PasswordHash, after.Language, after.FailedSignIns, after.LockedUntil, after.MustChangePassword, after.DisabledAt, after.SecurityStamp, after.Title, after.Phone, after.Email, after.Id }, tx);
            // Never the hash, not even in the audit log.
            await AuditLog.AppendAsync(c, tx, actor, action, "user", after.Id, after.Name,
                new { Role = before.Role.ToString(), before.Language, before.DisabledAt, before.Title, before.Phone, before.Email },
                new { Role = after.Role.ToString(), after.Language, after.DisabledAt, after.Title, after.Phone, after.Email });
            return after;
        }, ct);

    /// <summary>A new API token for scripts: shown once, stored only as its SHA-256.</summary>
    public Task<(ApiToken Token, string Secret)> CreateTokenAsync(string name, string? label, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var user = await FindAsync(c, tx, name.Trim().ToLowerInvariant()) ?? throw UserError.NotFound("user", name);
            var secret = "ll_" + Base64Url(RandomNumberGenerator.GetBytes(32));
            var now = clock.GetUtcNow();
            var text = Parse.Text(label) ?? "token " + now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var id = await c.ExecuteScalarAsync<long>("""
                INSERT INTO api_tokens (user_id, label, token_sha256, created_at) VALUES (@userId, @text, @hash, @now) RETURNING id
                """, new { userId = user.Id, text, hash = Sha256(secret), now }, tx);
            await AuditLog.AppendAsync(c, tx, actor, "user.token", "user", user.Id, user.Name, null, new { TokenId = id, Label = text });
            return (new ApiToken(id, user.Id, text, now, null, null), secret);
        }, ct);

    public async Task<IReadOnlyList<ApiToken>> TokensAsync(string name, CancellationToken ct = default)
    {
        var user = await GetAsync(name, ct);
        return (await db.ReadAsync(c => c.QueryAsync<ApiToken>(
            "SELECT id, user_id, label, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = @Id ORDER BY id", new { user.Id }), ct)).AsList();
    }

    public Task RevokeTokenAsync(long id, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now = clock.GetUtcNow() }, tx);
            if (changed == 0)
                throw UserError.NotFound("token", id.ToString(CultureInfo.InvariantCulture));
            await AuditLog.AppendAsync(c, tx, actor, "user.token-revoke", "api_token", id, id.ToString(CultureInfo.InvariantCulture), null, null);
        }, ct);

    /// <summary>The user behind a bearer token, or null for an unknown, revoked or disabled one.</summary>
    public async Task<AppUser?> FindByTokenAsync(string secret, CancellationToken ct = default)
    {
        var hash = Sha256(secret);
        // Every API call comes through here: the token and its user in one round trip.
        var found = (await db.ReadAsync(c => c.QueryAsync<TokenUse, AppUser, (TokenUse Token, AppUser User)>(
            $"SELECT t.id, t.last_used_at, u.* FROM api_tokens t JOIN ({Select}) u ON u.id = t.user_id WHERE t.token_sha256 = @hash AND t.revoked_at IS NULL",
            (token, user) => (token, user), new { hash }, splitOn: "id"), ct)).SingleOrDefault();
        if (found.User is not { DisabledAt: null } user)
            return null;
        var token = found.Token;
        // "Last used" is for an administrator deciding whether a token is still needed; to the hour is enough, and a
        // write on every API call would make each read wait for the database's one writer.
        var now = clock.GetUtcNow();
        if (token.LastUsedAt is not { } last || now - last > TimeSpan.FromHours(1))
            await db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE api_tokens SET last_used_at = @now WHERE id = @Id", new { now, token.Id }, tx), ct);
        return user;
    }

    /// <summary>
    /// The first administrator, when there is no user at all: a generated password the person must change at
    /// first sign-in. Returns null when users exist already.
    /// </summary>
    public async Task<(AppUser User, string Password)?> EnsureFirstAdminAsync(string actor, CancellationToken ct = default)
    {
        if (await AnyAsync(ct))
            return null;
        var password = UserCommands.Generate();
        try
        {
            return (await AddAsync("admin", "Administrator", "admin", password, actor, mustChangePassword: true, ct: ct), password);
        }
        catch (UserError e) when (e.Kind == UserErrorKind.Conflict)
        {
            // Another process (a second site's service on the same PostgreSQL) made it first.
            return null;
        }
    }

    /// <summary>
    /// The row is read, changed and written back whole, so on PostgreSQL it is locked first: otherwise a change
    /// made meanwhile (a failed sign-in's count, another administrator's change) would be overwritten with what
    /// was read. The active administrators are locked too, in one order, so two administrators disabling each
    /// other at once cannot both pass the last-administrator check. SQLite's one writer already serialises this.
    /// </summary>
    private static Task LockForChangeAsync(DbConnection c, DbTransaction tx, string login) =>
        c is Npgsql.NpgsqlConnection
            ? c.ExecuteAsync("SELECT id FROM users WHERE name = @login OR (role = 'admin' AND disabled_at IS NULL) ORDER BY id FOR UPDATE", new { login }, tx)
            : Task.CompletedTask;

    /// <summary>
    /// The person behind each audit actor ("web:sari", "api:sari", "cli:sari" → "Sari Salo"), for what is read outside the
    /// office, where an account id means nothing: a right-of-access export, a stocktake report. An actor that is no
    /// user — a job of the service ("system", "provisioning"), or a command-line account with no user of that name — is
    /// left out, and the caller words it in the reader's language.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(DbConnection c, DbTransaction? tx, IEnumerable<string?> actors)
    {
        var logins = actors.OfType<string>().Distinct(StringComparer.Ordinal).ToDictionary(a => a, Access.LoginOf, StringComparer.Ordinal);
        if (logins.Count == 0)
            return new Dictionary<string, string>();
        var wanted = logins.Values.Distinct().ToArray();
        var names = (await (c is Npgsql.NpgsqlConnection
                ? c.QueryAsync<(string Name, string DisplayName)>("SELECT name, display_name FROM users WHERE name = ANY(@wanted)", new { wanted }, tx)
                : c.QueryAsync<(string Name, string DisplayName)>("SELECT name, display_name FROM users WHERE name IN (SELECT value FROM json_each(@wanted))",
                    new { wanted = System.Text.Json.JsonSerializer.Serialize(wanted) }, tx)))
            .ToDictionary(u => u.Name, u => u.DisplayName, StringComparer.Ordinal);
        return logins.Where(a => names.ContainsKey(a.Value)).ToDictionary(a => a.Key, a => names[a.Value], StringComparer.Ordinal);
    }

    internal static async Task<AppUser?> FindAsync(DbConnection c, DbTransaction? tx, string name) =>
        await c.QuerySingleOrDefaultAsync<AppUser>(Select + " WHERE name = @name", new { name }, tx);

    private static string CheckName(string? name)
    {
        var login = (name ?? "").Trim().ToLowerInvariant();
        if (login.Length is < 2 or > 64 || !login.All(ch => char.IsLetterOrDigit(ch) || ch is '.' or '-' or '_'))
            throw UserError.Invalid("name", name, Msg.UserName);
        return login;
    }

    public static void CheckPassword(string? password)
    {
        // The value is never echoed back: it may be someone's real password with a typo.
        if (password is null || password.Length < MinimumPasswordLength)
            throw new UserError(Msg.UserPasswordTooShort.With(MinimumPasswordLength), UserErrorKind.Invalid, "password");
        if (password.Length > 200)
            throw new UserError(Msg.UserPasswordTooLong, UserErrorKind.Invalid, "password");
    }

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
