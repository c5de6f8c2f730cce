using LaiteLaina.Storage;

namespace LaiteLaina.Documents;

public static class DocumentsExtensions
{
    public static IHostApplicationBuilder AddDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var templates = new DocumentTemplates(sp.GetRequiredService<DataLocation>().DataDirectory);
            // Load every template now: an administrator's broken override stops the start with file and line,
            // instead of failing the first loan of the day at the front desk.
            templates.LoadAll();
            return templates;
        });
        builder.Services.AddSingleton<DocumentRenderer>();
        builder.Services.AddSingleton<DocumentStore>();
        builder.Services.AddSingleton<TemplateService>();
        return builder;
    }
}
