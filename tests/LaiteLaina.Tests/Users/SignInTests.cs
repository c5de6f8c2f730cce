using LaiteLaina.Users;

namespace LaiteLaina.Tests.Users;

/// <summary>The password check and its lockout, on each engine: the count must hold when guesses arrive at once.</summary>
public sealed class SignInTests(Engine engine) : DatabaseTest(engine)
{
    private const string Password = "correct horse battery";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private UserService users = null!;

    [SetUp]
    public async Task AddUserAsync()
    {
        users = new UserService(Db, clock);
        await users.AddAsync("sari", "Sari Salo", "counsellor", Password, "test");
    }

    private Task<(int Failures, DateTimeOffset? LockedUntil)> StoredAsync() =>
        Db.ReadAsync(async c =>
        {
            var row = await c.QuerySingleAsync<AppUser>("SELECT name, display_name, failed_sign_ins, locked_until FROM users WHERE name = 'sari'");
            return (row.FailedSignIns, row.LockedUntil);
        });

    [Test]
    public async Task AddAsync_ServiceAsComposed_PasswordHashedWithPbkdf2Sha512At100000Iterations()
    {
        await Service<UserService>().AddAsync("ville", null, "volunteer", Password, "test");

        var hash = Convert.FromBase64String(await Db.ReadAsync(c => c.ExecuteScalarAsync<string>("SELECT password_hash FROM users WHERE name = 'ville'")) ?? "");

        // Identity's format 3: a marker byte, then the PRF (2 = HMAC-SHA512) and the iteration count, big-endian.
        Assert.That((hash[0], System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(1)), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5))),
            Is.EqualTo(((byte)1, 2u, 100_000u)), "the product's work factor; only the test hosts lower it");
    }

    [Test]
    public async Task SignIn_ThirtyWrongPasswordsAtOnce_EveryOneCountedAndLocked()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => users.SignInAsync("sari", "wrong guess " + i))));
        var (failures, lockedUntil) = await StoredAsync();
        Assert.That(failures, Is.EqualTo(30));
        Assert.That(lockedUntil, Is.EqualTo(clock.GetUtcNow() + UserService.LockoutTime));
        Assert.That(answers.Count(a => a.Problem == "locked"), Is.EqualTo(30 - UserService.FailuresBeforeLockout + 1));
        var right = await users.SignInAsync("sari", Password);
        Assert.That((right.User, right.Problem), Is.EqualTo(((AppUser?)null, "locked")));
    }

    [Test]
    public async Task SignIn_LockEnded_RightPasswordSignsInAndCountStartsAgain()
    {
        for (var i = 0; i < UserService.FailuresBeforeLockout; i++)
            await users.SignInAsync("sari", "wrong " + i);
        clock.Advance(UserService.LockoutTime + TimeSpan.FromSeconds(1));
        Assert.That((await users.SignInAsync("sari", "wrong again")).Problem, Is.EqualTo("wrong-credentials"), "one mistake after the lock does not lock again");
        Assert.That(await StoredAsync(), Is.EqualTo((1, (DateTimeOffset?)null)));
        Assert.That((await users.SignInAsync("sari", Password)).User, Is.Not.Null);
        Assert.That((await StoredAsync()).Failures, Is.Zero);
    }

    [Test]
    public async Task SignIn_UnknownName_SameAnswersAsAKnownOneWithAWrongPassword()
    {
        var known = new List<string?>();
        var unknown = new List<string?>();
        for (var i = 0; i < UserService.FailuresBeforeLockout + 2; i++)
        {
            known.Add((await users.SignInAsync("sari", "wrong " + i)).Problem);
            unknown.Add((await users.SignInAsync("nobody-here", "wrong " + i)).Problem);
        }
        Assert.That(unknown, Is.EqualTo(known));
        Assert.That(known, Does.Contain("locked"));
        clock.Advance(UserService.LockoutTime + TimeSpan.FromSeconds(1));
        Assert.That((await users.SignInAsync("nobody-here", "x")).Problem, Is.EqualTo((await users.SignInAsync("sari", "x")).Problem));
    }

    [Test]
    public async Task SignIn_DisabledAccountWithItsPassword_SameAnswerAsAWrongOne()
    {
        await users.AddAsync("ville", null, "admin", Password, "test");
        await users.DisableAsync("sari", "test");
        Assert.That((await users.SignInAsync("sari", Password)).Problem, Is.EqualTo("wrong-credentials"));
    }

    [Test]
    public async Task SignIn_WrongPasswordsWhileTheLanguageChanges_NoCountLost()
    {
        var guesses = Enumerable.Range(0, 20).Select(i => Task.Run(() => users.SignInAsync("sari", "wrong guess " + i)));
        var changes = Enumerable.Range(0, 20).Select(i => Task.Run(() => users.SetLanguageAsync("sari", i % 2 == 0 ? "sv" : "fi", "test")));
        await Task.WhenAll(guesses.Concat<Task>(changes));
        Assert.That((await StoredAsync()).Failures, Is.EqualTo(20));
    }

    [Test]
    public async Task Disable_TwoAdministratorsDisableEachOtherAtOnce_OneStays()
    {
        await users.AddAsync("aino", null, "admin", Password, "test");
        await users.AddAsync("maija", null, "admin", Password, "test");
        for (var round = 0; round < 10; round++)
        {
            var outcomes = await Task.WhenAll(new[] { "aino", "maija" }.Select(n => Task.Run(async () =>
            {
                try
                {
                    await users.DisableAsync(n, "test");
                    return true;
                }
                catch (UserError)
                {
                    return false;
                }
            })));
            var active = await Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL"));
            Assert.That((active, outcomes.Count(o => o)), Is.EqualTo((1L, 1)), $"round {round + 1}");
            await users.EnableAsync("aino", "test");
            await users.EnableAsync("maija", "test");
        }
    }
}
