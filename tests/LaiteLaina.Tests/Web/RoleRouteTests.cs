using LaiteLaina.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// Every route against every role. The table below is the access rule of the whole service: a new route that is
/// not in it fails <see cref="Endpoints_EveryRoute_HasThePolicyOfTheTable"/>, so nobody adds a page or an API
/// route without deciding who may use it.
/// </summary>
public sealed class RoleRouteTests(Engine engine) : ApiTest(engine)
{
    private const string Anonymous = "anonymous";

    /// <summary>Route pattern → who may use it.</summary>
    private static readonly Dictionary<string, string> Table = new()
    {
        ["/healthz"] = Anonymous,
        ["/readyz"] = Anonymous,
        ["/metrics"] = Anonymous,
        ["/openapi/{documentName}.json"] = Anonymous,
        ["/static/{name}"] = Anonymous,
        ["login"] = Anonymous,
        ["logout"] = Anonymous,
        ["denied"] = "signed-in",
        ["account"] = Access.Devices,
        [""] = Access.Devices,
        ["devices"] = Access.Devices,
        ["devices/new"] = Access.Devices,
        ["devices/{tag}"] = Access.Devices,
        ["devices/{tag}/wipe"] = Access.Devices,
        ["devices/import"] = Access.Devices,
        ["donors"] = Access.Devices,
        ["donors/{id}/certificates"] = Access.Devices,
        ["certificates"] = Access.Devices,
        ["points"] = Access.Devices,
        ["labels"] = Access.Devices,
        ["loans"] = Access.Borrowers,
        ["loans/new"] = Access.Borrowers,
        ["loans/{reference}"] = Access.Borrowers,
        ["loans/{reference}/return"] = Access.Borrowers,
        ["loans/{reference}/reminder"] = Access.Borrowers,
        ["handover"] = Access.Borrowers,
        ["loans/{reference}/lost"] = Access.Borrowers,
        ["borrowers"] = Access.Borrowers,
        ["borrowers/{id:long}"] = Access.Borrowers,
        ["reservations"] = Access.Borrowers,
        ["reminders"] = Access.Borrowers,
        ["reservations/{id}"] = Access.Borrowers,
        ["reservations/{id:long}/cancel"] = Access.Borrowers,
        ["admin/users"] = Access.Admin,
        ["admin/sites"] = Access.Admin,
        ["admin/settings"] = Access.Admin,
        ["admin/templates"] = Access.Admin,
        ["admin/templates/edit"] = Access.Admin,
        ["admin/templates/revert"] = Access.Admin,
        ["provisioning"] = Access.Devices,
        ["dashboard"] = Access.Reports,
        ["audit"] = Access.Reports,
        ["audit/returns"] = Access.Reports,
        ["reports"] = Access.Reports,
        ["privacy"] = Access.Reports,
        ["privacy/{id:long}/export"] = Access.Reports,
        ["privacy/{id:long}/erase"] = Access.Reports,
        ["stocktakes"] = Access.Devices,
        ["stocktakes/{key}"] = Access.Devices,
        ["/api/devices/"] = Access.Devices,
        ["/api/devices/{tag}"] = Access.Devices,
        ["/api/devices/{tag}/certificates"] = Access.Devices,
        ["/api/donors/{id}/certificates"] = Access.Devices,
        ["/api/documents/{id:long}.pdf"] = Access.Devices,
        ["/api/documents/{id:long}"] = Access.Devices,
        ["/api/hardware"] = Access.Devices,
        ["/api/scans"] = Access.Devices,
        ["/api/scans/stream"] = Access.Devices,
        ["/api/camera/probe"] = Access.Devices,
        ["/api/labels"] = Access.Devices,
        ["/api/print-jobs/"] = Access.Devices,
        ["/api/print-jobs/{id:long}"] = Access.Devices,
        ["/api/print-jobs/{id:long}/reprint"] = Access.Devices,
        ["/api/print-jobs/{id:long}/cancel"] = Access.Devices,
        ["/api/provisioning/jobs"] = Access.Devices,
        ["/api/provisioning/jobs/{id:long}"] = Access.Devices,
        ["/api/provisioning/jobs/{id:long}/retry"] = Access.Devices,
        ["/api/provisioning/jobs/{id:long}/resume"] = Access.Devices,
        ["/api/provisioning/jobs/{id:long}/cancel"] = Access.Devices,
        ["/api/provisioning/devices"] = Access.Devices,
        ["/api/provisioning/intake"] = Access.Devices,
        ["/api/provisioning/intake/{serial}/register"] = Access.Devices,
        ["/api/provisioning/intake/{serial}/ignore"] = Access.Devices,
        ["/api/provisioning/profiles"] = Access.Devices,
        ["/api/provisioning/events"] = Access.Devices,
        ["/api/borrowers/"] = Access.Borrowers,
        ["/api/borrowers/{key}"] = Access.Borrowers,
        ["/api/loans/"] = Access.Borrowers,
        ["/api/loans/{key}"] = Access.Borrowers,
        ["/api/loans/{key}/return"] = Access.Borrowers,
        ["/api/loans/{key}/renew"] = Access.Borrowers,
        ["/api/loans/{key}/lost"] = Access.Borrowers,
        ["/api/loans/{key}/agreement"] = Access.Borrowers,
        ["/api/loans/handover"] = Access.Borrowers,
        ["/api/audit/returns"] = Access.Reports,
        ["/api/audit-log/"] = Access.Reports,
        ["/api/reports/{name}.svg"] = Access.Reports,
        ["/api/reports/{name}"] = Access.Reports,
        ["/api/privacy/due"] = Access.Reports,
        ["/api/privacy/anonymise"] = Access.Reports,
        ["/api/privacy/borrowers/{key}"] = Access.Reports,
        ["/api/privacy/borrowers/{key}/export"] = Access.Reports,
        ["/api/privacy/borrowers/{key}/erase"] = Access.Reports,
        ["/api/stocktakes/"] = Access.Devices,
        ["/api/stocktakes/{key}"] = Access.Devices,
        ["/api/stocktakes/{key}/scans"] = Access.Devices,
        ["/api/stocktakes/{key}/close"] = Access.Devices,
        ["/api/stocktakes/{key}/mark-missing-lost"] = Access.Devices,
        ["/api/devices/{tag}/ready"] = Access.Devices,
        ["/api/devices/{tag}/move"] = Access.Devices,
        ["/api/devices/{tag}/transfer"] = Access.Devices,
        ["/api/donors/"] = Access.Devices,
        ["/api/points"] = Access.Devices,
        ["/api/sites/"] = Access.Devices,
        ["POST /api/sites/"] = Access.Admin,
        ["/api/sites/{code}/locations"] = Access.Admin,
        ["/api/sites/{code}/rename"] = Access.Admin,
        ["/api/loans/{key}/signature"] = Access.Borrowers,
        ["/api/reservations"] = Access.Borrowers,
        ["/api/users/"] = Access.Admin,
        ["/api/users/{name}/role"] = Access.Admin,
        ["/api/users/{name}/disable"] = Access.Admin,
        ["/api/users/{name}/enable"] = Access.Admin,
        ["/api/users/{name}/password"] = Access.Admin,
        ["/api/users/{name}/tokens"] = Access.Admin,
    };

    /// <summary>The table's rule for a route and method: "POST /path" where one method differs, else the path's.</summary>
    private static string Expected(string route, string? method) =>
        method is not null && Table.TryGetValue($"{method} {route}", out var special) ? special
        : Table.TryGetValue(route, out var policy) ? policy : "(not in the table)";

    private static string? Method(Endpoint e) => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m[0] : null;

    private static readonly string[] Roles = ["volunteer", "counsellor", "manager", "admin"];

    private static string Policy(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            return Anonymous;
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).Distinct().ToList();
        return policies.Count switch
        {
            0 => "signed-in",
            1 => policies[0]!,
            _ => string.Join("+", policies),
        };
    }

    private IEnumerable<RouteEndpoint> Endpoints() =>
        App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    [Test]
    public void Endpoints_EveryRoute_HasThePolicyOfTheTable()
    {
        var endpoints = Endpoints().ToList();
        Assert.Multiple(() =>
        {
            foreach (var e in endpoints)
                Assert.That(Expected(e.RoutePattern.RawText ?? "", Method(e)), Is.EqualTo(Policy(e)), $"route '{Method(e)} {e.RoutePattern.RawText}'");
            var routes = endpoints.Select(e => e.RoutePattern.RawText ?? "").Concat(endpoints.Select(e => $"{Method(e)} {e.RoutePattern.RawText}")).ToHashSet();
            Assert.That(Table.Keys.Where(k => !routes.Contains(k)), Is.Empty, "routes in the table that the service no longer has");
        });
    }

    [Test]
    public async Task Get_EveryRouteAndRole_AllowedExactlyWhenTheRoleIsHighEnough()
    {
        var samples = await SeedAsync();
        var sessions = new Dictionary<string, (WebSession Web, HttpClient Api)>();
        var users = TestUsers();
        foreach (var role in Roles)
        {
            await users.AddAsync("web-" + role, role, role, "password-of-" + role, "test");
            var web = NewSession();
            await web.SignInAsync("web-" + role, "password-of-" + role);
            sessions[role] = (web, await ClientForAsync(role));
        }
        try
        {
            var gets = Endpoints().Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } m || m.HttpMethods.Contains("GET"))
                .Select(e => e.RoutePattern.RawText ?? "").Distinct()
                // The refusal page answers 403 to everyone by design; the event stream never ends.
                .Where(r => Expected(r, "GET") is not Anonymous && r is not "/api/scans/stream" and not "/api/provisioning/events" and not "denied");
            Assert.Multiple(() =>
            {
                foreach (var route in gets)
                {
                    var url = Fill(route, samples);
                    foreach (var role in Roles)
                    {
                        var rule = Expected(route, "GET");
                        var allowed = rule == "signed-in" || Enum.Parse<UserRole>(role, true) >= Access.MinimumRole(rule);
                        var (status, location) = url.StartsWith("/api", StringComparison.Ordinal)
                            ? ApiStatus(sessions[role].Api, url)
                            : PageStatus(sessions[role].Web, url);
                        var refused = status is HttpStatusCode.Forbidden || location?.Contains("/denied", StringComparison.Ordinal) == true
                                      || (route != "" && location?.Contains("/login", StringComparison.Ordinal) == true);
                        Assert.That(!refused && status is not HttpStatusCode.Unauthorized && (int)status < 500, Is.EqualTo(allowed),
                            $"{role} GET {url}: {(int)status} {location}");
                    }
                }
            });
        }
        finally
        {
            foreach (var (web, _) in sessions.Values)
                web.Dispose();
        }
    }

    [Test]
    public async Task EveryRoute_UserWhoMustChangePassword_OnlyTheAccountPageUntilChanged()
    {
        var samples = await SeedAsync();
        var users = TestUsers();
        await users.AddAsync("first-admin", null, "admin", "password-of-first-admin", "test", mustChangePassword: true);
        var (_, secret) = await users.CreateTokenAsync("first-admin", "script", "test");
        var web = NewSession();
        Assert.That((await web.SignInAsync("first-admin", "password-of-first-admin")).Location, Is.EqualTo("/account?first=1"));
        using var api = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fi");
        var routes = Endpoints().Where(e => Expected(e.RoutePattern.RawText ?? "", Method(e)) is not Anonymous && e.RoutePattern.RawText != "account")
            .Select(e => (Route: e.RoutePattern.RawText ?? "", Method: Method(e) ?? "GET")).Distinct().ToList();
        Assert.Multiple(() =>
        {
            foreach (var (route, method) in routes)
            {
                var url = Fill(route, samples);
                if (!url.StartsWith("/api", StringComparison.Ordinal))
                {
                    var page = PageStatus(web, url);
                    Assert.That(page, Is.EqualTo((HttpStatusCode.Redirect, "/account?first=1")), $"GET {url}");
                    continue;
                }
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "GET" ? null : new StringContent("{}", Encoding.UTF8, "application/json") };
                using var response = api.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
                var body = response.StatusCode == HttpStatusCode.Forbidden ? response.Content.ReadAsStringAsync().GetAwaiter().GetResult() : "";
                Assert.That((response.StatusCode, body.Contains("\"code\":\"user.must-change-password\"", StringComparison.Ordinal)), Is.EqualTo((HttpStatusCode.Forbidden, true)), $"{method} {url}");
                Assert.That(body, Does.Contain("Vaihda ensin salasanasi"), $"{method} {url}");
            }
        });
        Assert.That((await web.GetAsync("/account")).Status, Is.EqualTo(HttpStatusCode.OK));
        var changed = await web.PostAsync("/account", "/account?handler=Password", ("current", "password-of-first-admin"), ("password", "a new password of my own"));
        Assert.That(changed.Status, Is.EqualTo(HttpStatusCode.OK), changed.Text);
        Assert.That((await web.GetAsync("/admin/users")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await api.GetAsync("/api/users")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task EveryGetRoute_SignedInOrNot_CarriesTheSecurityHeaders()
    {
        var samples = await SeedAsync();
        var web = NewSession();
        var anonymous = NewSession();
        await TestUsers().AddAsync("web-admin", null, "admin", "password-of-web-admin", "test");
        await web.SignInAsync("web-admin", "password-of-web-admin");
        var urls = Endpoints().Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } m || m.HttpMethods.Contains("GET"))
            .Select(e => Fill(e.RoutePattern.RawText ?? "", samples))
            .Where(u => u is not "/api/scans/stream" and not "/api/provisioning/events").Distinct().Append("/no-such-page").ToList();
        Assert.Multiple(() =>
        {
            foreach (var url in urls)
                foreach (var session in new[] { web, anonymous })
                {
                    using var response = session.Http.GetAsync(url).GetAwaiter().GetResult();
                    var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
                    Assert.That(headers.GetValueOrDefault("Content-Security-Policy"), Does.Contain("script-src 'self';").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"), url);
                    Assert.That((headers.GetValueOrDefault("X-Content-Type-Options"), headers.GetValueOrDefault("Referrer-Policy")), Is.EqualTo(("nosniff", "same-origin")), url);
                }
        });
    }

    [Test]
    public async Task Post_Volunteer_TakesInADeviceButNeitherAddsASiteNorLends()
    {
        var volunteer = await ClientForAsync("volunteer");
        var intake = await volunteer.PostAsync("/api/devices", Json("""{"kind":"tablet","make":"Lenovo"}"""));
        Assert.That(intake.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await volunteer.PostAsync("/api/sites", Json("""{"code":"X","name":"X"}"""))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await volunteer.PostAsync("/api/loans", Json("""{"tag":"LL-000001","borrower":"1","due":"1.1.2099"}"""))).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        var admin = await ClientForAsync("admin");
        Assert.That((await admin.PostAsync("/api/sites", Json("""{"code":"KYLA","name":"Kylätalo"}"""))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await volunteer.GetStringAsync("/api/sites")), Does.Contain("KYLA"));
    }

    private static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Test]
    public async Task Api_NoToken_Unauthorized()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        foreach (var url in new[] { "/api/devices", "/api/loans", "/api/borrowers", "/api/hardware" })
            Assert.That((await anonymous.GetAsync(url)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), url);
        Assert.That((await anonymous.GetAsync("/healthz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await anonymous.GetAsync("/readyz")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task OpenApi_Anonymous_DescribesEveryApiRoute()
    {
        using var anonymous = new HttpClient { BaseAddress = BaseAddress };
        var json = await anonymous.GetStringAsync("/openapi/v1.json");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        var api = Table.Keys.Where(k => k.StartsWith("/api/", StringComparison.Ordinal) && !k.Contains(' ', StringComparison.Ordinal))
            .Select(k => k.Replace(":long", "", StringComparison.Ordinal).TrimEnd('/')).ToList();
        Assert.That(api.Where(k => !paths.Contains(k) && !paths.Contains(k + "/")), Is.Empty);
    }

    [Test]
    public async Task Api_RevokedToken_Unauthorized()
    {
        var users = TestUsers();
        await users.AddAsync("script", null, "manager", "password-of-script", "test");
        var (token, secret) = await users.CreateTokenAsync("script", "nightly", "test");
        using var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.That((await client.GetAsync("/api/loans")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await users.RevokeTokenAsync(token.Id, "test");
        Assert.That((await client.GetAsync("/api/loans")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private static (HttpStatusCode, string?) ApiStatus(HttpClient api, string url)
    {
        using var response = api.GetAsync(url).GetAwaiter().GetResult();
        return (response.StatusCode, response.Headers.Location?.ToString());
    }

    private static (HttpStatusCode, string?) PageStatus(WebSession web, string url)
    {
        var page = web.GetAsync(url).GetAwaiter().GetResult();
        return (page.Status, page.Location);
    }

    private static string Fill(string route, IReadOnlyDictionary<string, string> samples)
    {
        var url = route.StartsWith('/') ? route : "/" + route;
        foreach (var (name, value) in samples)
            url = url.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return url;
    }

    /// <summary>A device on a client loan with its agreement, a donor and a print job, to fill the routes' parameters.</summary>
    private async Task<Dictionary<string, string>> SeedAsync()
    {
        var inventory = new InventoryService(Db);
        var donor = await new DonorService(Db).AddAsync("Firma Oy", "company", null, null, "test");
        var tag = (await inventory.AddAsync(new DeviceInput { Kind = "tablet" }, "test")).Tag;
        await inventory.ReadyAsync(tag, "test");
        var borrower = await new BorrowerService(Db).AddAsync(new BorrowerInput { Name = "Aino Äijälä" }, "test");
        var (loan, _) = await Service<LoanService>().CheckOutAsync(new CheckOutRequest
        {
            Tag = tag, Borrower = borrower.Id.ToString(CultureInfo.InvariantCulture), Due = "1.1.2099", RecommendingWorker = "Sari",
        }, "test");
        var invariant = CultureInfo.InvariantCulture;
        return new()
        {
            ["tag"] = tag,
            ["reference"] = loan.Reference,
            ["key"] = loan.Reference,
            ["id:long"] = "999999",
            ["id"] = donor.Id.ToString(invariant),
            ["name"] = "site.css",
            ["documentName"] = "v1",
        };
    }
}
