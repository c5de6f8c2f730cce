using LaiteLaina.Storage;

namespace LaiteLaina.Documents;

public static class DocumentsExtensions
{
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        // A factory: the templates take the data directory, a string, which the container cannot choose.
        builder.Services.AddSingleton(sp =>
        {
            var location = sp.GetRequiredService<DataLocation>();
            return new DocumentTemplates(location.DataDirectory);
        });
        builder.Services.AddHostedService<CheckTemplatesOnStart>();
        builder.Services.AddSingleton<DocumentRenderer>();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<TemplateService>();
        return builder;
    }

    /// <summary>Loads the office's own templates at start: an administrator's broken override stops the service with
    /// file and line, instead of failing the first loan of the day at the front desk. The built-in ones are checked by
    /// the tests and parsed at first use.</summary>
    internal sealed class CheckTemplatesOnStart(DocumentTemplates templates) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            templates.LoadOverrides();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
