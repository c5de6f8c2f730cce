namespace LaiteLaina.Tests.Documents;

/// <summary>The write that lays out its documents outside its transaction (<see cref="DocumentDrafts"/>).</summary>
public sealed class DocumentDraftsTests(Engine engine) : DatabaseTest(engine)
{
    private Task<long> CounterAsync() => Db.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT value FROM counters WHERE name = 'loan_reference'"));

    private static Task<int> BumpAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx) =>
        c.ExecuteAsync("UPDATE counters SET value = value + 1 WHERE name = 'loan_reference'", transaction: tx);

    [Test]
    public async Task WriteAsync_NoDocumentWanted_RunsOnceAndCommits()
    {
        var runs = 0;
        var before = await CounterAsync();
        await DocumentDrafts.WriteAsync(Db, async (c, tx, _) => { runs++; await BumpAsync(c, tx); return 0; });
        Assert.That((runs, await CounterAsync()), Is.EqualTo((1, before + 1)));
    }

    [Test]
    public async Task WriteAsync_DocumentWanted_LaidOutOnceOutsideThenStoredFromTheSecondRun()
    {
        var (runs, layouts) = (0, 0);
        var before = await CounterAsync();
        var drafts = await DocumentDrafts.WriteAsync(Db, async (c, tx, d) =>
        {
            runs++;
            await BumpAsync(c, tx);
            var value = await c.ExecuteScalarAsync<long>("SELECT value FROM counters WHERE name = 'loan_reference'", transaction: tx);
            var pdf = d.Get(new { value }, () =>
            {
                // The first layout is made with no transaction open: another write goes through at once (inside one,
                // SQLite would wait for the lock and give up, PostgreSQL would wait for the counter's row for ever).
                if (++layouts == 1)
                    Db.WriteAsync((c2, tx2) => BumpAsync(c2, tx2)).Wait(TimeSpan.FromSeconds(30));
                return new byte[] { (byte)value };
            });
            return (d, pdf);
        });
        // The first round asked for its layout and rolled back; the other write took the value it had, so the second
        // round wanted another layout; the third found it ready and committed.
        Assert.That((runs, layouts, drafts.d.LaidOutInside), Is.EqualTo((3, 2, 0)));
        Assert.That(await CounterAsync(), Is.EqualTo(before + 2), "the write during the first layout and the committed round");
        Assert.That(drafts.pdf, Is.EqualTo(new[] { (byte)(before + 2) }), "what is stored was laid out from the committed round's model");
    }

    [Test]
    public async Task WriteAsync_ModelChangesEveryRound_LaidOutInsideAfterTheRoundsOutside()
    {
        var (runs, layouts) = (0, 0);
        var drafts = await DocumentDrafts.WriteAsync(Db, (_, _, d) =>
        {
            runs++;
            d.Get(new { runs }, () => { layouts++; return "pdf"; });
            return Task.FromResult(d);
        });
        Assert.That((runs, layouts, drafts.LaidOutInside), Is.EqualTo((DocumentDrafts.RoundsOutside + 1, DocumentDrafts.RoundsOutside + 1, 1)));
    }

    [Test]
    public async Task WriteAsync_RefusedAfterTheLayout_NothingStoredAndTheRefusalPassedOn()
    {
        var (runs, layouts) = (0, 0);
        var before = await CounterAsync();
        // As when another desk lent the device while this desk's agreement was laid out.
        Assert.ThrowsAsync<UserError>(() => DocumentDrafts.WriteAsync(Db, async (c, tx, d) =>
        {
            await BumpAsync(c, tx);
            if (++runs == 2)
                throw UserError.Invalid("due", "x", Msg.LoanRenewDueMissing);
            return d.Get(new { before }, () => { layouts++; return "pdf"; });
        }));
        Assert.That((runs, layouts, await CounterAsync()), Is.EqualTo((2, 1, before)));
    }

    [Test]
    public async Task NumberAsync_OtherWritesDrawFromTheCounterDuringTheLayout_ReservedNumberKept()
    {
        var before = await CounterAsync();
        var (runs, layouts) = (0, 0);
        var (number, pdf) = await DocumentDrafts.WriteAsync(Db, async (c, tx, d) =>
        {
            runs++;
            var n = await d.NumberAsync(c, tx, "loan_reference");
            return (n, d.Get(new { n }, () =>
            {
                layouts++;
                // A colleague's loan takes the next number while this document is laid out.
                Db.WriteAsync((c2, tx2) => BumpAsync(c2, tx2)).Wait(TimeSpan.FromSeconds(30));
                return "document " + n;
            }));
        });
        Assert.That((number, pdf, runs, layouts), Is.EqualTo((before + 1, $"document {before + 1}", 3, 1)),
            "reserved in a write of its own, then laid out once, then stored");
        Assert.That(await CounterAsync(), Is.EqualTo(before + 2));
    }
}
