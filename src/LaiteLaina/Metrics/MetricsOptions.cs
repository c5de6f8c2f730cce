namespace LaiteLaina.Metrics;

/// <summary>The "Metrics" section: without a token /metrics answers only on loopback (a Prometheus or an agent on the
/// station itself); with one it answers anywhere, to a request that brings it as a bearer token, and nothing else.</summary>
public sealed class MetricsOptions
{
    public string? Token { get; set; }

    public static MetricsOptions Load(IConfiguration configuration)
    {
        var options = StrictConfiguration.Bind(configuration, configuration.GetSection("Metrics"), new MetricsOptions());
        if (options.Token is { Length: < 24 })
            throw UserError.Invalid("Metrics:Token", "…", Msg.MetricsTokenShort);
        return options;
    }
}
