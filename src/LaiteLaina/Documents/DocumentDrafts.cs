using System.Data.Common;
using System.Text.Json;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Documents;

/// <summary>
/// Lays out a write's documents while it does not hold the write lock. A PDF takes tens of milliseconds; inside the
/// transaction that time would hold the SQLite write lock (every other write in the office waits) or a device's and a
/// counter's row locks on PostgreSQL.
/// <para>
/// <see cref="WriteAsync{T}"/> runs the unit of work; when it wants a document that is not laid out yet, the work
/// stops there, its transaction rolls back, the document is laid out from the frozen model the work asked for, and
/// the work runs again. The second run finds the PDF ready when its model is the same, value for value (the loan's
/// reference, the borrower, the settings): what is stored is then exactly what that run would have laid out. When
/// something changed meanwhile, the new model is laid out in turn, and after <see cref="RoundsOutside"/> such rounds
/// inside the lock, so that a busy office always makes progress. Work that wants no document (a colleague's loan, a
/// staff return) runs once and commits at once.
/// </para>
/// <para>
/// A number the document prints and that other writes draw from too (the loan reference) would change under a busy
/// office between the layout and the next round. <see cref="NumberAsync"/> therefore reserves it in a short write of
/// its own once the work has passed its checks, and every later round uses that number. A round that is then refused
/// (another desk lent the device in between) leaves its reserved number unused, so such numbers can have gaps.
/// </para>
/// <para>The unit of work must therefore do nothing outside its transaction before it asks for its documents, since it
/// may run more than once; everything it writes is rolled back with the round.</para>
/// </summary>
public sealed class DocumentDrafts
{
    /// <summary>Rounds that end in a layout outside the lock before a document is laid out inside it.</summary>
    public const int RoundsOutside = 3;

    private static readonly JsonSerializerOptions KeyOptions = Json.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private readonly Dictionary<string, object> ready = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<object>> wanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> numbers = new(StringComparer.Ordinal);
    private readonly HashSet<string> wantedNumbers = new(StringComparer.Ordinal);
    private bool insideLock;

    private DocumentDrafts()
    {
    }

    /// <summary>Documents laid out while holding the lock, after every round outside found its model changed.</summary>
    public int LaidOutInside { get; private set; }

    /// <summary>Runs <paramref name="work"/> in a write transaction, laying out the documents it asks for outside it.</summary>
    public static async Task<T> WriteAsync<T>(Database db, Func<DbConnection, DbTransaction, DocumentDrafts, Task<T>> work, CancellationToken ct = default)
    {
        var drafts = new DocumentDrafts();
        for (var round = 0; ; round++)
        {
            drafts.insideLock = round >= RoundsOutside;
            try
            {
                return await db.WriteAsync((c, tx) => work(c, tx, drafts), ct);
            }
            catch (DraftWanted)
            {
                // The transaction has rolled back: nothing of this round is stored, and no lock is held while laying out.
            }
            foreach (var (key, render) in drafts.wanted)
                drafts.ready[key] = render();
            drafts.wanted.Clear();
            foreach (var counter in drafts.wantedNumbers)
                drafts.numbers[counter] = await db.WriteAsync((c, tx) => NextAsync(c, tx, counter), ct);
            drafts.wantedNumbers.Clear();
        }
    }

    /// <summary>
    /// The document (a <see cref="RenderedDocument"/> or a PDF's bytes) for <paramref name="model"/>: the one laid out for an equal model, or a stop of this round so
    /// that it is laid out outside the lock. <paramref name="model"/> must hold everything <paramref name="render"/>
    /// depends on, so that equal models give the same document.
    /// </summary>
    public T Get<T>(object model, Func<T> render) where T : class
    {
        var key = typeof(T).FullName + JsonSerializer.Serialize(model, model.GetType(), KeyOptions);
        if (ready.TryGetValue(key, out var document))
            return (T)document;
        if (insideLock)
        {
            LaidOutInside++;
            return render();
        }
        wanted[key] = render;
        throw new DraftWanted();
    }

    /// <summary>
    /// The next value of <paramref name="counter"/> (a row of the <c>counters</c> table) for a document of this work:
    /// reserved once, outside the work's own transaction, and the same in every later round.
    /// </summary>
    public async Task<long> NumberAsync(DbConnection c, DbTransaction tx, string counter)
    {
        if (numbers.TryGetValue(counter, out var number))
            return number;
        if (insideLock)
            return await NextAsync(c, tx, counter);
        wantedNumbers.Add(counter);
        throw new DraftWanted();
    }

    private static Task<long> NextAsync(DbConnection c, DbTransaction tx, string counter) =>
        c.ExecuteScalarAsync<long>("UPDATE counters SET value = value + 1 WHERE name = @counter RETURNING value", new { counter }, tx);

    /// <summary>Stops a round so that its transaction rolls back; never leaves <see cref="WriteAsync{T}"/>.</summary>
    private sealed class DraftWanted() : Exception("a document is to be laid out outside the write lock");
}
