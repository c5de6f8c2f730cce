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
    /// The policy with the organisation's OpenID provider (Oidc:Authority) allowed as a form's target: the sign-in and
    /// sign-out buttons are forms posted here whose answer is a redirect to the provider, and a browser holds that
    /// redirect to the submitting page's form-action too. Only the provider's origin, and only when one is configured.
    /// </summary>
    public static string PolicyFor(string? oidcAuthority) =>
        Uri.TryCreate(oidcAuthority?.Trim(), UriKind.Absolute, out var provider) && provider.Scheme is "https" or "http"
            ? ContentSecurityPolicy.Replace("form-action 'self'", $"form-action 'self' {provider.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal)
            : ContentSecurityPolicy;

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
        var policy = PolicyFor(app.Configuration["Oidc:Authority"]);
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = policy;
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
            // Except the organisation sign-in's correlation and nonce cookies: the provider's answer is a redirect from
            // its site, which a browser sends Strict cookies with never and Lax ones with (it is a top-level GET). They
            // hold no session, only the proof that this browser started this sign-in, and live 15 minutes.
            OnAppendCookie = c =>
            {
                if (c.CookieName.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal)
                    || c.CookieName.StartsWith(Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.CookieNoncePrefix, StringComparison.Ordinal))
                    c.CookieOptions.SameSite = SameSiteMode.Lax;
            },
        });
        return app;
    }
}
