using System.Globalization;
using System.Text.RegularExpressions;
using LaiteLaina.Storage;

namespace LaiteLaina.Documents;

/// <summary>A template as the list of templates shows it: the one in use, and the built-in one beside it.</summary>
public sealed record TemplateEntry(DocumentKind Kind, string Language, DocumentTemplate InUse, DocumentTemplate BuiltIn);

/// <summary>What a save did: the template now in use, and whether anything changed (the same text saves nothing).</summary>
public sealed record TemplateSaved(DocumentTemplate Template, bool Changed);

/// <summary>
/// The office's own versions of the document templates: saved from the templates page into &lt;data dir&gt;/templates/,
/// where <see cref="DocumentTemplates"/> finds them. The service owns the version number: a new text always gets a
/// number no text of that template had before, so that a stored document's "template v3" names one wording only.
/// A version that is replaced or reverted is kept in templates/history/, so the wording of every version an issued
/// document names can still be read. Every change is written to the audit log, with the versions and no text.
/// </summary>
public sealed partial class TemplateService(DocumentTemplates templates, Database db)
{
    private const string HistoryFolder = "history";

    // One office, one process: two administrators saving the same template at once take turns here, so that each save
    // reads the version the other wrote (the file is not in the database, whose locks would otherwise do this).
    private static readonly SemaphoreSlim Turn = new(1, 1);

    private string Folder => templates.OverrideDirectory ?? throw new InvalidOperationException("templates need a data directory");

    public IReadOnlyList<TemplateEntry> List() =>
        [.. from kind in Enum.GetValues<DocumentKind>() from language in DocumentLanguages.All select Get(kind, language)];

    public TemplateEntry Get(DocumentKind kind, string language) =>
        new(kind, language, templates.Get(kind, language), templates.BuiltIn(kind, language));

    /// <summary>The text the office once used as <paramref name="version"/>, if it was replaced or reverted since.</summary>
    public string? Kept(DocumentKind kind, string language, int version)
    {
        var path = HistoryPath(kind, language, version);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>
    /// Checks <paramref name="body"/> as the template would be read and saves it as the office's next version, or refuses
    /// with the line and what would be right, writing nothing. <paramref name="basedOn"/> is the version the person
    /// started from: when someone else saved meanwhile, the save is refused rather than silently replacing that version.
    /// </summary>
    /// <param name="label">How the person names the template ("låneavtal (svenska)"), for the refusals.</param>
    public async Task<TemplateSaved> SaveAsync(DocumentKind kind, string language, string title, string body, int basedOn, string label,
        string actor, CancellationToken ct = default)
    {
        title = title.Trim();
        body = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        await Turn.WaitAsync(ct);
        try
        {
            var current = templates.Get(kind, language);
            if (title.Length == 0)
                throw new UserError(Msg.TemplateTitleMissing.With(templates.BuiltIn(kind, language).Title), UserErrorKind.Invalid, "title");
            if (title == current.Title && body.TrimEnd() == current.Body.TrimEnd())
                return new TemplateSaved(current, false);
            // Before the text's own checks: whoever fixes a mistake after this refusal then knows they replace the other's version.
            if (current.Version != basedOn)
                throw new UserError(Msg.TemplateChangedMeanwhile.With(label, current.Version), UserErrorKind.Conflict, "template");
            DocumentTemplates.ParseBody(kind, language, current.Version, title, label, body);
            // The page edits the title and the text; the layout style stays the one the text in use has.
            var style = current.Style;

            var version = NextVersion(kind, language, current);
            var name = DocumentTemplates.FileName(kind, language);
            await db.WriteAsync(async (c, tx) =>
            {
                await AuditLog.AppendAsync(c, tx, actor, "template.save", "template", null, name,
                    new { templateVersion = current.Version, officeText = current.IsOffice }, new { templateVersion = version, officeText = true });
                // The file last, inside the transaction: should it fail, the audit row rolls back with it.
                Directory.CreateDirectory(Folder);
                if (current.IsOffice)
                    Keep(kind, language, current.Version, move: false);
                var path = Path.Combine(Folder, name);
                var temporary = path + ".saving";
                await File.WriteAllTextAsync(temporary, DocumentTemplates.FileText(version, title, body, style), ct);
                File.Move(temporary, path, overwrite: true);
            }, ct);
            return new TemplateSaved(templates.Get(kind, language), true);
        }
        finally
        {
            Turn.Release();
        }
    }

    /// <summary>Goes back to the built-in text; the office's version is kept in the history.</summary>
    public async Task<DocumentTemplate> RevertAsync(DocumentKind kind, string language, string label, string actor, CancellationToken ct = default)
    {
        await Turn.WaitAsync(ct);
        try
        {
            var current = templates.Get(kind, language);
            if (!current.IsOffice)
                throw new UserError(Msg.TemplateAlreadyBuiltIn.With(label), UserErrorKind.Conflict, "template");
            var builtIn = templates.BuiltIn(kind, language);
            await db.WriteAsync(async (c, tx) =>
            {
                await AuditLog.AppendAsync(c, tx, actor, "template.revert", "template", null, DocumentTemplates.FileName(kind, language),
                    new { templateVersion = current.Version, officeText = true }, new { templateVersion = builtIn.Version, officeText = false });
                Keep(kind, language, current.Version, move: true);
            }, ct);
            return templates.Get(kind, language);
        }
        finally
        {
            Turn.Release();
        }
    }

    /// <summary>Higher than every version this template had: built in, in use, or kept in the history.</summary>
    private int NextVersion(DocumentKind kind, string language, DocumentTemplate current)
    {
        var highest = Math.Max(current.Version, templates.BuiltIn(kind, language).Version);
        var history = Path.Combine(Folder, HistoryFolder);
        if (Directory.Exists(history))
        {
            var stem = Path.GetFileNameWithoutExtension(DocumentTemplates.FileName(kind, language)) + ".v";
            foreach (var file in Directory.EnumerateFiles(history, stem + "*.md"))
            {
                if (KeptVersion().Match(Path.GetFileName(file)) is { Success: true } m)
                    highest = Math.Max(highest, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture));
            }
        }
        return highest + 1;
    }

    private void Keep(DocumentKind kind, string language, int version, bool move)
    {
        var path = Path.Combine(Folder, DocumentTemplates.FileName(kind, language));
        var kept = HistoryPath(kind, language, version);
        Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
        if (move)
            File.Move(path, kept, overwrite: true);
        else
            File.Copy(path, kept, overwrite: true);
    }

    private string HistoryPath(DocumentKind kind, string language, int version) =>
        Path.Combine(Folder, HistoryFolder,
            $"{Path.GetFileNameWithoutExtension(DocumentTemplates.FileName(kind, language))}.v{version.ToString(CultureInfo.InvariantCulture)}.md");

    [GeneratedRegex(@"\.v(\d+)\.md$")]
    private static partial Regex KeptVersion();
}
