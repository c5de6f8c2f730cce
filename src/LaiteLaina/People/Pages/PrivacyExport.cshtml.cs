using System.Globalization;

namespace LaiteLaina.People.Pages;

/// <summary>The right of access from a link (the privacy search, the borrower's page): the PDF of everything stored
/// about the person, the export itself written to the audit log.</summary>
[Authorize(Policy = Access.Reports)]
public sealed class PrivacyExportModel(PrivacyService privacy) : AppPage
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var key = Id.ToString(CultureInfo.InvariantCulture);
        return File(await privacy.ExportAsync(key, Actor, ct), "application/pdf", $"borrower-{key}.pdf");
    }
}
