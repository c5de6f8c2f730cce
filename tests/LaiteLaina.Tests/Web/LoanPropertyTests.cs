using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Random sequences of desk work (check-outs, returns, renewals, losses, handovers, reservations, moves, wipes and
/// status changes) sent from three clients at once to the real service, with the invariants read straight from the
/// database after every batch: one open loan a device, the status its loans say, an audit row for each change, an
/// agreement for each client loan and handover, no device ready that still needs a wipe, and no device that changed
/// site while on loan or being set up (a move to another site is a transfer, audited as one).
/// Reproduce a failure with <c>LAITELAINA_PROPERTY_SEED=&lt;seed&gt;</c> (printed at the start and in the failure).
/// </summary>
public sealed class LoanPropertyTests(Engine engine) : ApiTest(engine)
{
    public const string SeedVariable = "LAITELAINA_PROPERTY_SEED";

    /// <summary>The replay's fixed odd increment: the seed alone names a run.</summary>
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    private const int Sequences = 30;
    private const int MinSteps = 30;
    private const int MaxSteps = 40;

    /// <summary>How often each call comes: the loan's own steps most, the ones that end a device's life (lost, handover) least.</summary>
    private static readonly Dictionary<Op, int> Weights = new()
    {
        [Op.CheckOutStaff] = 4, [Op.CheckOutClient] = 4, [Op.ReturnGood] = 4, [Op.ReturnBroken] = 2, [Op.Renew] = 2, [Op.Lost] = 1,
        [Op.Handover] = 1, [Op.Reserve] = 2, [Op.CancelReservation] = 2, [Op.Move] = 2, [Op.Wipe] = 4, [Op.Ready] = 4, [Op.SetStatus] = 2,
    };
    private const int Devices = 4;
    private const int Borrowers = 3;
    private const int ClientCount = 3;
    private const int BatchSize = 3;

    public enum Op { CheckOutStaff, CheckOutClient, ReturnGood, ReturnBroken, Renew, Lost, Handover, Reserve, CancelReservation, Move, Wipe, Ready, SetStatus }

    /// <summary>One generated call: what, on which of the sequence's devices, for which of its borrowers, and a free choice (a site, a date, a status).</summary>
    public sealed record DeskCall(Op Op, int Device, int Borrower, int Choice)
    {
        public override string ToString() => $"{Op}(d{Device}, b{Borrower}, {Choice})";
    }

    /// <summary>The statuses a person sets by hand, by the step's choice; retired, the end of a device, only for the last choice.</summary>
    private static readonly DeviceStatus[] HandStatuses =
    [
        DeviceStatus.AwaitingWipe, DeviceStatus.Wiping, DeviceStatus.Provisioning, DeviceStatus.InRepair, DeviceStatus.AwaitingWipe, DeviceStatus.Provisioning,
        DeviceStatus.InRepair, DeviceStatus.AwaitingWipe, DeviceStatus.Lost, DeviceStatus.Wiping, DeviceStatus.InRepair, DeviceStatus.Retired,
    ];

    private static readonly string[] Sites = ["PA", "PB"];

    /// <summary>The model's count of successful moves, which the service audits as "device.move" or "device.transfer".</summary>
    private const string MoveOrTransfer = "device.move or device.transfer";
    private static readonly string[] MoveActions = ["device.move", "device.transfer"];
    private static readonly string[] Locations = ["Shelf", "Cabinet"];

    private readonly ConcurrentDictionary<string, int> expectedAudit = new();
    private readonly ConcurrentDictionary<string, int> outcomes = new();
    private readonly ConcurrentDictionary<string, int> refusals = new();
    private HttpClient[] desks = [];
    private int sequence;

    [SetUp]
    public async Task SitesAsync()
    {
        foreach (var site in Sites)
        {
            await Ok(await Http.PostAsJsonAsync("/api/sites", new { code = site, name = "Site " + site }));
            foreach (var location in Locations)
                await Ok(await Http.PostAsJsonAsync($"/api/sites/{site}/locations", new { name = location }));
        }
        desks = new HttpClient[ClientCount];
        for (var i = 0; i < ClientCount; i++)
            desks[i] = await ClientForAsync(i == 0 ? "admin" : "manager");
    }

    [Test]
    public void RandomConcurrentDeskWork_KeepsTheInvariants()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } given
            ? ulong.Parse(given, CultureInfo.InvariantCulture)
            : (ulong)System.Random.Shared.NextInt64(1, long.MaxValue);
        TestContext.Out.WriteLine($"{Engine}: property seed {seed} (rerun with {SeedVariable}={seed})");
        var step = Gen.Frequency(Weights.Select(w => (w.Value, Gen.Constant(w.Key)))).SelectMany(op =>
            Gen.Choose(0, Devices - 1).SelectMany(d => Gen.Choose(0, Borrowers - 1).SelectMany(b => Gen.Choose(0, 11).Select(x => new DeskCall(op, d, b, x)))));
        var steps = Gen.Choose(MinSteps, MaxSteps).SelectMany(n => step.ArrayOf(n));
        var property = Prop.ForAll(Arb.From(steps, Shrink), s => RunAsync(s).GetAwaiter().GetResult());
        var config = Config.QuickThrowOnFailure.WithMaxTest(Sequences)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, Gamma), FSharpOption<int>.None)));
        var watch = Stopwatch.StartNew();
        try
        {
            Check.One(config, property);
        }
        catch (Exception e)
        {
            Assert.Fail($"{Engine}, seed {seed} ({SeedVariable}={seed}):\n{e.Message}");
        }
        TestContext.Out.WriteLine($"{Engine}: {sequence} sequences in {watch.Elapsed.TotalSeconds:0.0} s; done/refused: " +
                                  string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        TestContext.Out.WriteLine("API refusals: " + string.Join(", ", refusals.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
    }

    /// <summary>Shorter sequences first: without each half, then without each single step.</summary>
    private static IEnumerable<DeskCall[]> Shrink(DeskCall[] steps)
    {
        if (steps.Length > 1)
        {
            yield return steps[..(steps.Length / 2)];
            yield return steps[(steps.Length / 2)..];
        }
        for (var i = 0; i < steps.Length; i++)
            yield return [.. steps[..i], .. steps[(i + 1)..]];
    }

    /// <summary>Runs one sequence on new devices and borrowers of its own; throws with the step and the broken invariant.</summary>
    private async Task<bool> RunAsync(DeskCall[] steps)
    {
        var n = Interlocked.Increment(ref sequence);
        // Each sequence is judged on its own devices and its own audit rows, so that one that failed leaves the next
        // (and FsCheck's shrinking) a clean start.
        await using (var c = await Db.OpenAsync())
        {
            auditAtStart = await AuditCountsAsync(c);
            documentsAtStart = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM documents");
        }
        expectedAudit.Clear();
        var world = await WorldAsync(n);
        await CheckInvariantsAsync(world, "after seeding");
        for (var start = 0; start < steps.Length; start += BatchSize)
        {
            var batch = steps.Skip(start).Take(BatchSize).ToArray();
            await Task.WhenAll(batch.Select((s, i) => RunStepAsync(desks[i % desks.Length], world, s)));
            await CheckInvariantsAsync(world, $"after steps {start}..{start + batch.Length - 1} [{string.Join(", ", batch)}]");
        }
        return true;
    }

    private sealed record World(string[] Tags, string[] BorrowerIds, ConcurrentDictionary<string, string> LoanOf, ConcurrentBag<long> Reservations);

    /// <summary>Two purchased devices made ready, a donated and a transferred one still to be wiped; a staff member and two clients.</summary>
    private async Task<World> WorldAsync(int n)
    {
        var tags = new string[Devices];
        string[] acquisitions = ["purchased", "purchased", "donated", "transferred"];
        for (var i = 0; i < Devices; i++)
        {
            var device = await Ok(await Http.PostAsJsonAsync("/api/devices", new
            {
                kind = "tablet", make = "Samsung", model = "Tab", serialNumber = $"P{n}-{i}", acquisition = acquisitions[i],
                transferredFrom = acquisitions[i] == "transferred" ? "City" : null, site = Sites[0], location = Locations[0],
            }));
            tags[i] = device.GetProperty("tag").GetString()!;
            Count("device.add");
            if (i < 2)
            {
                await Ok(await Http.PostAsync($"/api/devices/{tags[i]}/ready", null));
                Count("device.ready");
            }
        }
        var borrowers = new string[Borrowers];
        for (var i = 0; i < Borrowers; i++)
        {
            var borrower = await Ok(await Http.PostAsJsonAsync("/api/borrowers", new { name = $"Borrower {n}-{i}", kind = i == 0 ? "staff" : "client" }));
            borrowers[i] = borrower.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
            Count("borrower.add");
        }
        return new World(tags, borrowers, new(), []);
    }

    private async Task RunStepAsync(HttpClient desk, World world, DeskCall step)
    {
        var done = await DoAsync(desk, world, step);
        outcomes.AddOrUpdate($"{step.Op} {(done ? "done" : "refused")}", 1, (_, v) => v + 1);
    }

    /// <summary>Sends one call and counts the audit rows it must have written; false when the service refused it.</summary>
    private async Task<bool> DoAsync(HttpClient desk, World world, DeskCall step)
    {
        var tag = world.Tags[step.Device];
        // Borrower 0 is staff, the others clients: a loan goes to a borrower of its kind, but for the last choice, which the service must refuse.
        var borrower = world.BorrowerIds[step.Op switch
        {
            Op.CheckOutStaff => step.Choice == 11 ? 1 : 0,
            Op.CheckOutClient or Op.Handover => step.Choice == 11 ? 0 : 1 + step.Borrower % 2,
            _ => step.Borrower,
        }];
        var loan = world.LoanOf.GetValueOrDefault(tag, "LN-999999");
        var today = DateOnly.FromDateTime(DateTime.Today);
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (step.Op)
        {
            case Op.CheckOutStaff or Op.CheckOutClient:
            {
                var client = step.Op == Op.CheckOutClient;
                if (await Call(step, desk.PostAsJsonAsync("/api/loans", new
                    {
                        tag, borrower, kind = client ? "client" : "staff", due = Day(7 + step.Choice),
                        recommendingWorker = client ? "Sari" : null, accessories = new[] { "charger" },
                    })) is not { } answer)
                    return false;
                world.LoanOf[tag] = answer.GetProperty("reference").GetString()!;
                return client ? Count("loan.out", "device.loan-out", "document.issue") : Count("loan.out", "device.loan-out");
            }
            case Op.ReturnGood or Op.ReturnBroken:
            {
                if (await Call(step, desk.PostAsJsonAsync($"/api/loans/{loan}/return",
                        new { condition = step.Op == Op.ReturnGood ? "good" : "broken", missing = step.Choice % 4 == 0 ? new[] { "charger" } : null })) is not { } answer)
                    return false;
                // A client's return is receipted; a colleague's is not.
                return answer.GetProperty("kind").GetString() == "client"
                    ? Count("loan.return", "device.loan-return", "document.issue")
                    : Count("loan.return", "device.loan-return");
            }
            case Op.Renew:
                return await Call(step, desk.PostAsJsonAsync($"/api/loans/{loan}/renew", new { due = Day(14 + step.Choice) })) is not null && Count("loan.renew");
            case Op.Lost:
                return await Call(step, desk.PostAsync($"/api/loans/{loan}/lost", null)) is not null && Count("loan.lost", "device.lost");
            case Op.Handover:
                return await Call(step, desk.PostAsJsonAsync("/api/loans/handover", new { tag, borrower, coachingSessions = step.Choice % 3 })) is not null
                       && Count("loan.handover", "device.handover", "document.issue");
            // A move to the other site is a transfer, refused on loan; within the site it stays a move. Which one a call
            // was depends on the order the service ran the batch's calls in, so the model counts the two together and
            // the audit rows themselves are checked for what each did (CheckSiteChangesAsync).
            case Op.Move:
                return await Call(step, desk.PostAsJsonAsync($"/api/devices/{tag}/move",
                           new { site = Sites[step.Choice % 2], location = step.Choice % 3 == 2 ? null : Locations[step.Choice / 2 % 2] })) is not null
                       && Count(MoveOrTransfer);
            case Op.Ready:
                return await Call(step, desk.PostAsync($"/api/devices/{tag}/ready", null)) is not null && Count("device.ready");
            // Reservations, wipes by hand and status changes have no API route: the service's own instances are called, as its pages do.
            case Op.Reserve:
                if (await Service(step, () => App.Services.GetRequiredService<ReservationService>()
                        .AddAsync(tag, null, borrower, Day(step.Choice % 4), Day(step.Choice % 4 + 2), null, "property")) is not Reservation r)
                    return false;
                world.Reservations.Add(r.Id);
                return Count("reservation.add");
            case Op.CancelReservation:
            {
                var ids = world.Reservations.ToArray();
                var id = ids.Length == 0 ? 999_999 : ids[step.Choice % ids.Length];
                return await Service(step, () => App.Services.GetRequiredService<ReservationService>().CancelAsync(id, "property")) is not null
                       && Count("reservation.cancel");
            }
            case Op.Wipe:
                return await Service(step, () => App.Services.GetRequiredService<InventoryService>()
                           .RecordWipeAsync(tag, "factory reset", "Volunteer", null, null, null, "property")) is not null
                       && Count("device.wiped");
            case Op.SetStatus:
                return await Service(step, () => App.Services.GetRequiredService<InventoryService>()
                           .SetStatusAsync(tag, EnumText.Kebab(HandStatuses[step.Choice]), null, "property")) is not null
                       && Count("device.status");
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step.Op, null);
        }
    }

    /// <summary>The answer's body when the call succeeded, null when the service refused it clearly (a 4xx ProblemDetails with a code); anything else fails the property.</summary>
    private async Task<JsonElement?> Call(DeskCall step, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
            return JsonDocument.Parse(text).RootElement.Clone();
        var code = (int)response.StatusCode;
        if (code is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json" &&
            JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var c) && c.GetString() is { Length: > 0 } refusal)
        {
            refusals.AddOrUpdate($"{step.Op}: {refusal}", 1, (_, v) => v + 1);
            return null;
        }
        throw new InvalidOperationException($"{step}: HTTP {code} without a clear refusal: {text}");
    }

    private static async Task<object?> Service<T>(DeskCall step, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (UserError e) when (e.Kind != UserErrorKind.Unavailable)
        {
            return null;
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{step}: {e.GetType().Name}: {e.Message}", e);
        }
    }

    private bool Count(params string[] actions)
    {
        foreach (var action in actions)
            expectedAudit.AddOrUpdate(action, 1, (_, v) => v + 1);
        return true;
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>What the fixture itself wrote (users, tokens, sites): the property counts only what comes after.</summary>
    private Dictionary<string, long> auditAtStart = [];
    private long documentsAtStart;

    private static async Task<Dictionary<string, long>> AuditCountsAsync(System.Data.Common.DbConnection c) =>
        (await c.QueryAsync<(string Action, long Rows)>("SELECT action, count(*) FROM audit_log GROUP BY action")).ToDictionary(a => a.Action, a => a.Rows);

    /// <summary>Reads the whole database and throws with every broken invariant named.</summary>
    private async Task CheckInvariantsAsync(World world, string when)
    {
        var broken = new List<string>();
        await using var c = await Db.OpenAsync();
        // The tags are the service's own (LL-000001): written into the text, as the two engines expand a list parameter differently.
        var mine = "(" + string.Join(", ", world.Tags.Select(t => $"'{t}'")) + ")";

        foreach (var (device, open) in await c.QueryAsync<(long, long)>(
                     $"""
                     SELECT l.device_id, count(*) FROM loans l JOIN devices d ON d.id = l.device_id
                     WHERE l.state = 'Open' AND d.tag IN {mine} GROUP BY l.device_id HAVING count(*) > 1
                     """))
            broken.Add($"device {device} has {open} open loans");

        var devices = await c.QueryAsync<(string Tag, string Status, long NeedsWipe, string Acquisition, long Open, long Handovers)>($"""
            SELECT d.tag, d.status, CASE WHEN d.needs_wipe THEN 1 ELSE 0 END, d.acquisition,
                   (SELECT count(*) FROM loans l WHERE l.device_id = d.id AND l.state = 'Open'),
                   (SELECT count(*) FROM loans l WHERE l.device_id = d.id AND l.kind = 'Handover')
            FROM devices d WHERE d.tag IN {mine}
            """);
        foreach (var d in devices)
        {
            if ((d.Status == "OnLoan") != (d.Open == 1))
                broken.Add($"{d.Tag} is {d.Status} with {d.Open} open loans");
            if ((d.Status == "HandedOver") != (d.Handovers == 1) || d.Handovers > 1)
                broken.Add($"{d.Tag} is {d.Status} with {d.Handovers} handover loans");
            if (d.Status == "Ready" && d.NeedsWipe == 1)
                broken.Add($"{d.Tag} is ready but needs a wipe");
        }

        // Independent of the needs_wipe flag: a ready device that came from outside, or was with a client or lost, was wiped since.
        var exposure = await c.QueryAsync<(string Tag, string Acquisition, object? LastWipe, object? LastExposure)>($"""
            SELECT d.tag, d.acquisition,
                   (SELECT max(s.performed_at) FROM sanitisations s WHERE s.device_id = d.id),
                   (SELECT max(l.closed_at) FROM loans l WHERE l.device_id = d.id AND (l.kind = 'Client' OR l.state = 'Lost'))
            FROM devices d WHERE d.status = 'Ready' AND d.tag IN {mine}
            """);
        foreach (var d in exposure)
        {
            var wiped = Time(d.LastWipe);
            if (d.Acquisition is "Donated" or "Transferred" && wiped is null)
                broken.Add($"{d.Tag} ({d.Acquisition}) is ready and was never wiped");
            if (Time(d.LastExposure) is { } exposed && (wiped is null || wiped < exposed))
                broken.Add($"{d.Tag} is ready but not wiped since its loan closed at {exposed:O} (last wipe {wiped:O})");
        }

        var loans = await c.QueryAsync<(string Reference, string Kind, string State, long Agreements, long Handovers, long Receipts)>($"""
            SELECT l.reference, l.kind, l.state,
                   (SELECT count(*) FROM documents x WHERE x.subject_type = 'loan' AND x.subject_id = l.id AND x.kind = 'loan-agreement'),
                   (SELECT count(*) FROM documents x WHERE x.subject_type = 'loan' AND x.subject_id = l.id AND x.kind = 'handover-agreement'),
                   (SELECT count(*) FROM documents x WHERE x.subject_type = 'loan' AND x.subject_id = l.id AND x.kind = 'return-receipt')
            FROM loans l JOIN devices d ON d.id = l.device_id WHERE d.tag IN {mine}
            """);
        foreach (var l in loans)
        {
            var expected = l.Kind switch
            {
                "Client" => (1L, 0L, l.State == "Returned" ? 1L : 0L),
                "Handover" => (0L, 1L, 0L),
                _ => (0L, 0L, 0L),
            };
            if ((l.Agreements, l.Handovers, l.Receipts) != expected)
                broken.Add($"{l.Kind} loan {l.Reference} ({l.State}) has documents {(l.Agreements, l.Handovers, l.Receipts)}, expected {expected} (agreement, handover, receipt)");
        }

        var audit = await AuditCountsAsync(c);
        foreach (var action in audit.Keys.Union(expectedAudit.Keys).Except(MoveActions).Append(MoveOrTransfer).Distinct())
        {
            long Rows(string a) => audit.GetValueOrDefault(a) - auditAtStart.GetValueOrDefault(a);
            var rows = action == MoveOrTransfer ? MoveActions.Sum(Rows) : Rows(action);
            var calls = expectedAudit.GetValueOrDefault(action);
            if (rows != calls)
                broken.Add($"audit '{action}': {rows} rows for {calls} successful changes");
        }
        await CheckSiteChangesAsync(c, mine, broken);
        var documents = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM documents") - documentsAtStart;
        var issued = audit.GetValueOrDefault("document.issue") - auditAtStart.GetValueOrDefault("document.issue");
        if (documents != issued)
            broken.Add($"{documents} new documents but {issued} 'document.issue' audit rows");

        if (broken.Count > 0)
            throw new InvalidOperationException($"{Engine}, sequence {sequence}, {when}:\n  " + string.Join("\n  ", broken));
    }

    /// <summary>Each move's audit row says what it did: a "device.move" kept the device's site, a "device.transfer"
    /// changed it, and never from a device on loan or being wiped or set up.</summary>
    private static async Task CheckSiteChangesAsync(System.Data.Common.DbConnection c, string mine, List<string> broken)
    {
        var rows = await c.QueryAsync<(long Id, string Action, string Tag, string Before, string After)>($"""
            SELECT id, action, record_key, before_json, after_json FROM audit_log
            WHERE action IN ('device.move', 'device.transfer') AND record_key IN {mine}
            """);
        foreach (var row in rows)
        {
            using var before = JsonDocument.Parse(row.Before);
            using var after = JsonDocument.Parse(row.After);
            var from = Field(before.RootElement, "siteId");
            var to = Field(after.RootElement, "siteId");
            var status = Field(before.RootElement, "status");
            if (row.Action == "device.move" && from != to)
                broken.Add($"audit {row.Id}: 'device.move' of {row.Tag} changed its site {from} -> {to}");
            if (row.Action == "device.transfer" && from == to)
                broken.Add($"audit {row.Id}: 'device.transfer' of {row.Tag} kept its site {from}");
            if (from != to && status is "on-loan" or "wiping" or "provisioning")
                broken.Add($"audit {row.Id}: {row.Tag} changed site {from} -> {to} while {status}");
        }
    }

    /// <summary>A snapshot's field as text, whatever the serializer's casing ("" when absent or null).</summary>
    private static string Field(JsonElement snapshot, string name)
    {
        foreach (var p in snapshot.EnumerateObject())
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                return p.Value.ValueKind == JsonValueKind.Null ? "" : p.Value.ToString();
        return "";
    }

    private static DateTimeOffset? Time(object? value) => value switch
    {
        null or DBNull => null,
        DateTimeOffset t => t,
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"a time of type {value.GetType()}"),
    };
}
