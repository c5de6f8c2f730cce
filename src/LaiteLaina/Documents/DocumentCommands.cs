using System.Security.Claims;
using LaiteLaina.Users;
using System.Globalization;
using LaiteLaina.Storage;

namespace LaiteLaina.Documents;

public static class DocumentCommands
{
    /// <summary>Where a stored document is written out for printing: data/documents/LN-000042-loan-agreement-v1.pdf.</summary>
    public static async Task<string> WriteOutAsync(DataLocation location, StoredDocument document, string? path = null, CancellationToken ct = default)
    {
        path ??= WrittenOutPath(location, document.SubjectKey, document.SubjectId, document.Kind, document.Version);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, document.Content, ct);
        return Path.GetFullPath(path);
    }

    /// <summary>Where <see cref="WriteOutAsync"/> puts a document when not told otherwise; an erasure removes the copy there too.</summary>
    public static string WrittenOutPath(DataLocation location, string? subjectKey, long subjectId, string kind, int version) =>
        Path.Combine(location.DataDirectory, "documents", $"{subjectKey ?? subjectId.ToString(CultureInfo.InvariantCulture)}-{kind}-v{version}.pdf");

    public static void Add(CliApp app, RootCommand root) => root.Subcommands.Add(DocumentCommand(app));

    private static Command DocumentCommand(CliApp app) => new("document", "Issued documents: agreements, receipts, certificates")
    {
        DocumentShow(app),
        DocumentOpen(app),
    };

    private static Argument<long> IdArgument() => new("id") { Description = "Document number" };

    private static Command DocumentShow(CliApp app)
    {
        var id = IdArgument();
        var show = new Command("show", "Show a document's record: kind, language, template version, SHA-256") { id };
        app.Action(show, async (cli, ct) =>
        {
            var d = await (await cli.GetAsync<DocumentStore>(ct)).GetAsync(cli.Parse.GetValue(id), ct);
            cli.Card(d with { Content = [] }, ("Number", d.Id), ("Kind", d.Kind), ("For", $"{d.SubjectType} {d.SubjectKey}"), ("Version", d.Version),
                ("Language", d.Language), ("Template", $"{d.TemplateName} v{d.TemplateVersion}"), ("SHA-256", d.Sha256),
                ("Issued", d.CreatedAt), ("By", d.CreatedBy), ("Size", $"{d.Content.Length / 1024} KiB"));
        });
        return show;
    }

    private static Command DocumentOpen(CliApp app)
    {
        var id = IdArgument();
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the PDF (default: data/documents/)" };
        var open = new Command("open", "Write a document out as PDF for printing; prints its path") { id, output };
        app.Action(open, async (cli, ct) =>
        {
            var d = await (await cli.GetAsync<DocumentStore>(ct)).GetAsync(cli.Parse.GetValue(id), ct);
            await cli.Out.WriteLineAsync(await WriteOutAsync(cli.Location, d, cli.Parse.GetValue(output), ct));
        });
        return open;
    }

    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/documents").RequireAccess(Access.Devices);
        documents.MapGet("/{id:long}.pdf", async (long id, DocumentStore store, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var d = Readable(await store.GetAsync(id, ct), user);
            return Results.File(d.Content, "application/pdf", $"{d.SubjectKey}-{d.Kind}-v{d.Version}.pdf");
        });
        documents.MapGet("/{id:long}", async (long id, DocumentStore store, ClaimsPrincipal user, CancellationToken ct) =>
            Readable(await store.GetAsync(id, ct), user) with { Content = [] });
        return app;
    }

    /// <summary>A loan's papers name the borrower; a volunteer may open a device's certificates but not those.</summary>
    public static StoredDocument Readable(StoredDocument d, ClaimsPrincipal user) =>
        d.SubjectType == "loan" && !user.SeesBorrowers()
            ? throw new UserError(Msg.DocumentLoanPapers.With(d.Id), UserErrorKind.NotFound, "document")
            : d;
}
