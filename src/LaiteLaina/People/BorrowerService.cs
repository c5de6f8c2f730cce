using System.Data.Common;
using System.Globalization;
using Dapper;
using LaiteLaina.Documents;
using LaiteLaina.Inventory;
using LaiteLaina.Storage;

namespace LaiteLaina.People;

public enum BorrowerKind { Client, Staff, Place }

/// <summary>Who borrows: a client, a staff member or a place (a village hall, a mobile social worker's kit).</summary>
public sealed record Borrower
{
    public long Id { get; init; }
    public BorrowerKind Kind { get; init; }
    public required string Name { get; init; }
    public string? Contact { get; init; }
    public string? ClientReference { get; init; }
    public string? Unit { get; init; }
    public string? Badge { get; init; }
    public string PreferredLanguage { get; init; } = "fi";
    public bool InterpreterNeeded { get; init; }
    public string? Notes { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? AnonymisedAt { get; init; }
}

public sealed record BorrowerInput
{
    public string? Kind { get; init; }
    public string? Name { get; init; }
    public string? Contact { get; init; }
    public string? ClientReference { get; init; }
    public string? Unit { get; init; }
    public string? Badge { get; init; }
    public string? Language { get; init; }
    public bool InterpreterNeeded { get; init; }
    public string? Notes { get; init; }
}

public sealed class BorrowerService(Database db)
{
    private const string Select = """
        SELECT id, kind, name, contact, client_reference, unit, badge, preferred_language, interpreter_needed, notes,
               created_at, updated_at, anonymised_at
        FROM borrowers
        """;

    public Task<Borrower> AddAsync(BorrowerInput input, string actor, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => AddAsync(c, tx, input, actor), ct);

    /// <summary>Adds a borrower in the caller's transaction: a check-out that makes a new borrower and is then refused
    /// (a date in the past, a device not ready) rolls the borrower back with it, so nobody is left behind.</summary>
    internal static async Task<Borrower> AddAsync(DbConnection c, DbTransaction tx, BorrowerInput input, string actor)
    {
        var now = DateTimeOffset.UtcNow;
        var b = Checked(new Borrower
        {
            Kind = input.Kind is null ? BorrowerKind.Client : EnumText.Parse<BorrowerKind>("kind", input.Kind),
            Name = "",
            CreatedAt = now,
        }, input) with { UpdatedAt = now };
        if (b.Badge is not null && await FindByBadgeAsync(c, tx, b.Badge) is { } holder)
            throw new UserError(Msg.BorrowerBadgeTaken.With(b.Badge, holder.Id), UserErrorKind.Conflict, "badge");
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO borrowers (kind, name, contact, client_reference, unit, badge, preferred_language, interpreter_needed, notes, created_at, updated_at)
            VALUES (@Kind, @Name, @Contact, @ClientReference, @Unit, @Badge, @PreferredLanguage, @InterpreterNeeded, @Notes, @CreatedAt, @UpdatedAt)
            RETURNING id
            """, new { Kind = b.Kind.ToString(), b.Name, b.Contact, b.ClientReference, b.Unit, b.Badge, b.PreferredLanguage, b.InterpreterNeeded, b.Notes, b.CreatedAt, b.UpdatedAt }, tx);
        b = b with { Id = id };
        // The audit row names the record, not the person: the log must not become a second register of names.
        await AuditLog.AppendAsync(c, tx, actor, "borrower.add", "borrower", id, id.ToString(CultureInfo.InvariantCulture), null, new { b.Kind, b.PreferredLanguage });
        return b;
    }

    /// <summary>
    /// Changes what can be changed of a borrower: name, contact, client reference, unit, badge, language, interpreter
    /// and notes. The kind stays (their loans were made under it), and an anonymised borrower stays anonymised.
    /// </summary>
    public Task<Borrower> UpdateAsync(string key, BorrowerInput input, string actor, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = await FindAsync(c, tx, key) ?? throw UserError.NotFound("borrower", key);
            if (before.AnonymisedAt is not null)
                throw UserError.Invalid("borrower", key, Msg.LoanBorrowerAnonymised);
            var after = Checked(before, input) with { UpdatedAt = DateTimeOffset.UtcNow };
            if (after.Badge is not null && await FindByBadgeAsync(c, tx, after.Badge) is { } holder && holder.Id != before.Id)
                throw new UserError(Msg.BorrowerBadgeTaken.With(after.Badge, holder.Id), UserErrorKind.Conflict, "badge");
            await c.ExecuteAsync("""
                UPDATE borrowers SET name = @Name, contact = @Contact, client_reference = @ClientReference, unit = @Unit, badge = @Badge,
                       preferred_language = @PreferredLanguage, interpreter_needed = @InterpreterNeeded, notes = @Notes, updated_at = @UpdatedAt
                WHERE id = @Id
                """, after, tx);
            // Which fields changed, never their values: the audit log is no second register of names and contacts.
            var changed = new (string Field, bool Differs)[]
            {
                ("name", before.Name != after.Name), ("contact", before.Contact != after.Contact),
                ("clientReference", before.ClientReference != after.ClientReference), ("unit", before.Unit != after.Unit),
                ("badge", before.Badge != after.Badge), ("notes", before.Notes != after.Notes),
                ("preferredLanguage", before.PreferredLanguage != after.PreferredLanguage),
                ("interpreterNeeded", before.InterpreterNeeded != after.InterpreterNeeded),
            }.Where(f => f.Differs).Select(f => f.Field).ToArray();
            await AuditLog.AppendAsync(c, tx, actor, "borrower.edit", "borrower", before.Id, before.Id.ToString(CultureInfo.InvariantCulture),
                new { before.PreferredLanguage, before.InterpreterNeeded }, new { after.PreferredLanguage, after.InterpreterNeeded, changed });
            return after;
        }, ct);

    /// <summary>What a person typed, checked the same way for a new borrower and a changed one.</summary>
    private static Borrower Checked(Borrower b, BorrowerInput input)
    {
        var name = IdentityCode.Refuse("name", Parse.Text(input.Name)) ?? throw UserError.Invalid("name", input.Name, Msg.BorrowerNameMissing);
        if (name.Length > 300)
            throw UserError.Invalid("name", name[..20] + "…", Msg.BorrowerNameTooLong);
        return b with
        {
            Name = name,
            Contact = IdentityCode.Refuse("contact", Parse.Text(input.Contact)),
            ClientReference = IdentityCode.Refuse("client-reference", Parse.Text(input.ClientReference)),
            Unit = IdentityCode.Refuse("unit", Parse.Text(input.Unit)),
            Badge = IdentityCode.Refuse("badge", Parse.Text(input.Badge)),
            PreferredLanguage = DocumentLanguages.Check(input.Language ?? "fi"),
            InterpreterNeeded = input.InterpreterNeeded,
            Notes = IdentityCode.Refuse("notes", Parse.Text(input.Notes)),
        };
    }

    /// <summary>The borrowers, not anonymised, whose name is <paramref name="name"/> apart from case and spaces at the ends:
    /// before a second person of the same name is added, the counsellor is shown these to pick from.</summary>
    public async Task<IReadOnlyList<Borrower>> SameNameAsync(string? name, CancellationToken ct = default)
    {
        if (Parse.Text(name) is not { } given)
            return [];
        // The search finds every name containing the given one; only the same name, as a person reads it, is a duplicate.
        var candidates = await ListOf(given).PageAsync(1, 50, ct);
        return candidates.Items.Where(b => string.Equals(b.Name, given, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Every borrower who matches, for the command line (which shows them all).</summary>
    public Task<IReadOnlyList<Borrower>> ListAsync(string? search, CancellationToken ct = default) => ListOf(search).AllAsync(ct);

    /// <summary>The borrowers whose name or contact contains <paramref name="search"/> or whose client reference or badge it is, by
    /// name: paged by the API and the pages, streamed by the CSV export.</summary>
    public SqlList<Borrower> ListOf(string? search) =>
        new(db, Select + " WHERE anonymised_at IS NULL" +
            (Parse.Text(search) is null ? "" : " AND (lower(name) LIKE @like OR lower(contact) LIKE @like OR client_reference = @search OR badge = @search)"),
            "name, id", new { search = Parse.Text(search), like = "%" + search?.Trim().ToLowerInvariant() + "%" });

    public Task<Borrower> GetAsync(string key, CancellationToken ct = default) =>
        db.ReadAsync(async c => await FindAsync(c, null, key) ?? throw UserError.NotFound("borrower", key), ct);

    /// <summary>A borrower by number, or by staff badge code.</summary>
    internal static async Task<Borrower?> FindAsync(DbConnection c, DbTransaction? tx, string key)
    {
        key = key.Trim();
        if (long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return await c.QuerySingleOrDefaultAsync<Borrower>(Select + " WHERE id = @id", new { id }, tx);
        return await FindByBadgeAsync(c, tx, key);
    }

    /// <summary>The staff member or place a scanned badge belongs to, if any.</summary>
    public Task<Borrower?> FindByBadgeAsync(string badge, CancellationToken ct = default) =>
        db.ReadAsync(c => FindByBadgeAsync(c, null, badge), ct);

    /// <summary>By badge only: a scanned badge of digits must not be taken for a borrower number.</summary>
    internal static Task<Borrower?> FindByBadgeAsync(DbConnection c, DbTransaction? tx, string badge) =>
        c.QuerySingleOrDefaultAsync<Borrower>(Select + " WHERE badge = @badge", new { badge }, tx);
}
