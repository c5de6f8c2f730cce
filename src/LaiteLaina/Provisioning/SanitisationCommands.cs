using LaiteLaina.Documents;
using LaiteLaina.Storage;

namespace LaiteLaina.Provisioning;

/// <summary>`laitelaina certificate ...` and the certificate API: proof of wiping for the office, donors and auditors.</summary>
public static class SanitisationCommands
{
    /// <summary>`certificate` and the `disk` commands that issue certificates.</summary>
    public static void Add(CliApp app, RootCommand root)
    {
        DiskCommands.Add(app, root);
        root.Subcommands.Add(CertificateCommand(app));
    }

    private static Command CertificateCommand(CliApp app) => new("certificate", "Sanitisation certificates: proof that a device was wiped")
    {
        CertificateList(app),
        CertificateOpen(app),
    };

    private static Command CertificateList(CliApp app)
    {
        var device = new Option<string?>("--device") { Description = "Only this device's certificates (its tag)" };
        var donor = new Option<string?>("--donor") { Description = "Only certificates of devices this donor gave (name or number)" };
        var list = new Command("list", "List certificates, newest first") { device, donor };
        app.Action(list, async (cli, ct) =>
        {
            var rows = await (await cli.GetAsync<Sanitisation>(ct))
                .ListAsync(cli.Parse.GetValue(device), cli.Parse.GetValue(donor), ct);
            cli.List(rows,
                new Column<Certificate>("Number", r => r.Number), new Column<Certificate>("Tag", r => r.Tag),
                new Column<Certificate>("Wiped", r => r.PerformedAt), new Column<Certificate>("Media", r => EnumText.Kebab(r.MediaType)),
                new Column<Certificate>("Level", r => r.Level), new Column<Certificate>("Method", r => r.Method),
                new Column<Certificate>("Tool", r => r.ToolVersion is null ? r.Tool : $"{r.Tool} {r.ToolVersion}"),
                new Column<Certificate>("Verification", r => r.VerificationResult), new Column<Certificate>("By", r => r.Operator),
                new Column<Certificate>("Site", r => r.SiteCode), new Column<Certificate>("Donor", r => r.DonorName),
                new Column<Certificate>("Document", r => r.DocumentId));
        });
        return list;
    }

    private static Command CertificateOpen(CliApp app)
    {
        var number = new Argument<long>("number") { Description = "Certificate number (from 'certificate list')" };
        var output = new Option<string?>("--output", "-o") { Description = "Where to write the PDF (default: data/documents/)" };
        var open = new Command("open", "Write a certificate out as PDF for printing or sending to a donor; prints its path") { number, output };
        app.Action(open, async (cli, ct) =>
        {
            var found = await (await cli.GetAsync<Sanitisation>(ct)).GetAsync(cli.Parse.GetValue(number), ct);
            var document = await (await cli.GetAsync<DocumentStore>(ct)).GetAsync(found.DocumentId, ct);
            await cli.Out.WriteLineAsync(await DocumentCommands.WriteOutAsync(cli.Location, document, cli.Parse.GetValue(output), ct));
        });
        return open;
    }

    /// <summary>
    /// Donors ask for proof that their devices were wiped. One group, so that sign-in and role policies can be
    /// put on it in one place; the PDF itself is served by /api/documents/{id}.pdf.
    /// </summary>
    public static RouteGroupBuilder MapSanitisationEndpoints(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/api").RequireAccess(Access.Devices);
        certificates.MapGet("/devices/{tag}/certificates", async (HttpContext http, string tag, Sanitisation sanitisation, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await sanitisation.ListAsync(tag, null, ct), "certificates.csv"));
        certificates.MapGet("/donors/{id}/certificates", async (HttpContext http, string id, Sanitisation sanitisation, [AsParameters] PageQuery page, CancellationToken ct) =>
            ApiList.Page(http, page, await sanitisation.ListAsync(null, id, ct), "certificates.csv"));
        return certificates;
    }
}
