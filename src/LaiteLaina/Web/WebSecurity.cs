using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;

namespace LaiteLaina.Web;

/// <summary>
/// What every response says to the browser about itself, and which proxy the service believes. The pages carry no
/// inline script or style (the three scripts and the stylesheet are files under /static), so the policy allows
/// only this origin and no page can be framed. Cookies are HttpOnly and SameSite=Strict always, and Secure when
/// the request came over HTTPS: directly to Kestrel, or through a proxy named in Web:TrustedProxies.
/// </summary>
public static class WebSecurity
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// X-Forwarded-For and -Proto are read only from these addresses; without the setting they are ignored, so
    /// nobody can make a plain-HTTP request look like HTTPS (or come from elsewhere) by sending the header.
    /// </summary>
    public const string TrustedProxiesKey = "Web:TrustedProxies";

    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(TrustedProxiesKey).Get<string[]>() ?? [];
        if (proxies.Length > 0)
        {
            var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            // The defaults trust loopback; only what the administrator named is trusted.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in proxies)
                options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw UserError.Invalid(TrustedProxiesKey, proxy, Msg.SettingTrustedProxy));
            app.UseForwardedHeaders(options);
        }
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return next(http);
        });
        app.UseCookiePolicy(new CookiePolicyOptions
        {
            HttpOnly = HttpOnlyPolicy.Always,
            Secure = CookieSecurePolicy.SameAsRequest,
            MinimumSameSitePolicy = SameSiteMode.Strict,
        });
        return app;
    }
}
