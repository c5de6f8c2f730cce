using System.Data.Common;
using Dapper;
using LaiteLaina.Storage;

namespace LaiteLaina.Inventory;

/// <summary>
/// The site this process belongs to: the top-level <c>Site</c> setting (a site's code), the same for the service and
/// for every command-line verb on that machine, since both read the data directory's settings. Several sites share
/// one PostgreSQL, each running its own service beside its own printers and tablets: the print jobs, provisioning
/// jobs and scans this process makes carry its site, and it works only its own site's jobs. Without the setting the
/// process is one office on its own: its rows carry no site and it works every job, as before there were sites.
/// </summary>
public sealed class ServiceSite(IConfiguration configuration)
{
    public const string SettingKey = "Site";

    private long? id;

    /// <summary>The configured site code, or null when the process belongs to no particular site.</summary>
    public string? Code { get; } = Parse.Text(configuration[SettingKey]);

    /// <summary>The site's id, or null without the setting; a code that is no site is refused with the codes there are.
    /// The id of a site never changes, so it is looked up once.</summary>
    public async Task<long?> IdAsync(DbConnection c, DbTransaction? tx)
    {
        if (Code is null)
            return null;
        if (id is { } known)
            return known;
        var site = await SiteService.FindAsync(c, tx, Code);
        if (site is null || !string.Equals(site.Code, Code, StringComparison.OrdinalIgnoreCase))
        {
            var codes = (await c.QueryAsync<string>("SELECT code FROM sites ORDER BY code", transaction: tx)).AsList();
            throw new UserError(codes.Count == 0 ? Msg.ServiceSiteNoSites.With(Code) : Msg.ServiceSiteUnknown.With(Code, codes),
                UserErrorKind.Invalid, SettingKey);
        }
        id = site.Id;
        return site.Id;
    }

    public Task<long?> IdAsync(Database db, CancellationToken ct = default) => db.ReadAsync(c => IdAsync(c, null), ct);

    /// <summary>SQL that keeps the rows of this site (<c>AND alias.site_id = @site</c>), or nothing for a process of no
    /// particular site; the caller passes the id as <c>site</c>.</summary>
    public static string Filter(long? siteId, string column = "site_id") => siteId is null ? "" : $" AND {column} = @site";

    /// <summary>The columns that name the site a row of <paramref name="table"/> (a table or its alias) belongs to,
    /// <c>site_id</c> and the site's code as <c>site_code</c>, for a list of every site's rows that says whose each is.
    /// A subquery rather than a join, so that it fits a <c>RETURNING</c> too.</summary>
    public static string Columns(string table) => $"{table}.site_id, (SELECT code FROM sites WHERE sites.id = {table}.site_id) AS site_code";

    /// <summary>Checks the setting once the schema is up to date, so that a service with a mistyped site stops at
    /// start with one line naming the setting, the value and the codes there are, instead of printing nobody's labels.</summary>
    internal sealed class CheckOnStart(ServiceSite site, Database db, ILogger<ServiceSite> log) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (await site.IdAsync(db, cancellationToken) is { } id)
                log.LogInformation("This service belongs to site {Site} (id {Id}): it works only that site's print and provisioning jobs.", site.Code, id);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
