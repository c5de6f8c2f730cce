using System.Data.Common;
using System.Text.Json;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Documents;

/// <summary>What a document is about, e.g. ("loan", 42, "LL-LOAN-000042"); versions count per subject and kind.</summary>
public sealed record DocumentSubject(string Type, long Id, string? Key);

public sealed record StoredDocument
{
    public long Id { get; init; }
    public required string Kind { get; init; }
    public required string Language { get; init; }
    public required string TemplateName { get; init; }
    public int TemplateVersion { get; init; }
    public required string Sha256 { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public required string SubjectType { get; init; }
    public long SubjectId { get; init; }
    public string? SubjectKey { get; init; }
    public int Version { get; init; }
    public required byte[] Content { get; init; }

    /// <summary>On a signed agreement: the version it signs (the one the borrower read), from its source.</summary>
    public int? SignsVersion { get; init; }
}

/// <summary>
/// Issued documents, stored immutably (triggers refuse UPDATE and DELETE). Issuing takes the caller's
/// connection and transaction, so that a loan and its signed agreement are committed together or not at all.
/// </summary>
public sealed class DocumentStore(Database db)
{
    public async Task<StoredDocument> IssueAsync(DbConnection c, DbTransaction tx, RenderedDocument document,
        DocumentSubject subject, string actor, CancellationToken ct = default)
    {
        var stored = await StoreAsync(c, tx, DocumentKinds.FileStem(document.Info.Kind), document.Info.Language, document.Info.TemplateName,
            document.Info.TemplateVersion, document.Info.Sha256, document.Info.CreatedAt, document.Pdf, subject, actor, ct);
        if (document.Source is { } source)
        {
            // The erasure of the borrower (PrivacyService) deletes this row with the document: it holds the name too.
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO document_sources (document_id, markdown, model, signs_version, signs_sha256)
                VALUES (@id, @markdown, @model, @signsVersion, @signsSha256)
                """, new
            {
                id = stored.Id, markdown = source.Markdown, model = JsonSerializer.Serialize(source, Json.Options),
                signsVersion = source.Signature?.SignsVersion, signsSha256 = source.Signature?.SignsSha256,
            }, tx, cancellationToken: ct));
        }
        return stored;
    }

    /// <summary>
    /// The newest unsigned version of a subject's <paramref name="kind"/> with what it was laid out from: the version a
    /// signature is given to. Null when every version of it was issued before sources were kept.
    /// </summary>
    public static async Task<(StoredDocument Document, FrozenAgreement Source)?> UnsignedSourceAsync(DbConnection c, DbTransaction tx,
        DocumentSubject subject, DocumentKind kind, CancellationToken ct = default)
    {
        var found = await c.QuerySingleOrDefaultAsync<(long Id, string Markdown, string Model)>(new CommandDefinition("""
            SELECT d.id, s.markdown, s.model
            FROM documents d JOIN document_sources s ON s.document_id = d.id
            WHERE d.subject_type = @Type AND d.subject_id = @Id AND d.kind = @kind AND s.signs_version IS NULL
            ORDER BY d.version DESC LIMIT 1
            """, new { subject.Type, subject.Id, kind = DocumentKinds.FileStem(kind) }, tx, cancellationToken: ct));
        if (found.Id == 0)
            return null;
        var document = await c.QuerySingleAsync<StoredDocument>(new CommandDefinition(
            $"SELECT {ListedColumns}, NULL AS content FROM documents WHERE id = @Id", new { found.Id }, tx, cancellationToken: ct));
        var source = JsonSerializer.Deserialize<FrozenAgreement>(found.Model, Json.Options)
                     ?? throw new InvalidOperationException($"document {found.Id} has an empty source");
        return (document with { Content = [] }, source with { Markdown = found.Markdown });
    }

    /// <summary>Keeps a report made by code rather than from a template (a closed stocktake's result): its
    /// <paramref name="kind"/> names the report and the template columns name the code that drew it.</summary>
    public Task<StoredDocument> IssueReportAsync(DbConnection c, DbTransaction tx, string kind, string language, byte[] pdf,
        DocumentSubject subject, string actor, CancellationToken ct = default) =>
        StoreAsync(c, tx, kind, language, "report:" + kind, 1, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)),
            DateTimeOffset.UtcNow, pdf, subject, actor, ct);

    private static async Task<StoredDocument> StoreAsync(DbConnection c, DbTransaction tx, string kind, string language, string templateName,
        int templateVersion, string sha256, DateTimeOffset createdAt, byte[] pdf, DocumentSubject subject, string actor, CancellationToken ct)
    {
        // The unique (subject, kind, version) index turns a concurrent re-issue into an error instead of a duplicate.
        var version = 1 + await c.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT coalesce(max(version), 0) FROM documents
            WHERE subject_type = @Type AND subject_id = @Id AND kind = @kind
            """, new { subject.Type, subject.Id, kind }, tx, cancellationToken: ct));
        var stored = new StoredDocument
        {
            Kind = kind,
            Language = language,
            TemplateName = templateName,
            TemplateVersion = templateVersion,
            Sha256 = sha256,
            CreatedAt = createdAt,
            CreatedBy = actor,
            SubjectType = subject.Type,
            SubjectId = subject.Id,
            SubjectKey = subject.Key,
            Version = version,
            Content = pdf,
        };
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO documents (kind, language, template_name, template_version, sha256, created_at, created_by,
                                   subject_type, subject_id, subject_key, version, content)
            VALUES (@Kind, @Language, @TemplateName, @TemplateVersion, @Sha256, @CreatedAt, @CreatedBy,
                    @SubjectType, @SubjectId, @SubjectKey, @Version, @Content)
            RETURNING id
            """, stored, tx, cancellationToken: ct));
        stored = stored with { Id = id };
        await AuditLog.AppendAsync(c, tx, actor, "document.issue", "document", id, subject.Key, null,
            new { stored.Kind, stored.Language, stored.TemplateName, stored.TemplateVersion, stored.Sha256, stored.SubjectType, stored.SubjectId, stored.Version });
        return stored;
    }

    public async Task<StoredDocument> GetAsync(long id, CancellationToken ct = default) =>
        await db.ReadAsync(c => c.QuerySingleOrDefaultAsync<StoredDocument>(new CommandDefinition(
            $"{SelectColumns} WHERE id = @id", new { id }, cancellationToken: ct)), ct)
        ?? throw UserError.NotFound("document", id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every version of every document about one subject, by kind and version, for a list: without the PDFs
    /// themselves (<see cref="StoredDocument.Content"/> is empty), which a page showing names has no use for.
    /// <see cref="GetAsync"/> opens one.</summary>
    public async Task<IReadOnlyList<StoredDocument>> ForSubjectAsync(string subjectType, long subjectId, CancellationToken ct = default) =>
        (await db.ReadAsync(c => c.QueryAsync<StoredDocument>(new CommandDefinition(
            $"SELECT {ListedColumns}, NULL AS content FROM documents WHERE subject_type = @subjectType AND subject_id = @subjectId ORDER BY kind, version",
            new { subjectType, subjectId }, cancellationToken: ct)), ct)).Select(d => d with { Content = d.Content ?? [] }).ToList();

    private const string ListedColumns = """
        id, kind, language, template_name, template_version, sha256, created_at, created_by, subject_type, subject_id, subject_key, version,
        (SELECT s.signs_version FROM document_sources s WHERE s.document_id = documents.id) AS signs_version
        """;

    private const string SelectColumns = $"SELECT {ListedColumns}, content FROM documents";
}
