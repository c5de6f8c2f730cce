using System.Diagnostics;
using System.Globalization;
using LaiteLaina.Documents;

/// <summary>
/// Where a render's time goes (`--stages`): the template fill, Markdown to blocks, layout and PDF writing, and the
/// /Lang rewrite, each timed alone over the same agreement so that a change to one stage shows in its own row. The
/// process's CPU time a run is shown next to the wall-clock median: on a shared machine it moves less.
/// </summary>
internal static class Stages
{
    public static int Run(DocumentRenderer renderer, AgreementModel model, int iterations)
    {
        var (template, markdown) = renderer.RenderMarkdown(DocumentKind.LoanAgreement, "fi", model);
        var blocks = MarkdownBlocks.Convert(markdown, model.LoanReference, null);
        var page = new PdfPageText(model.Organisation.Name, template.Title, model.LoanReference);
        var meta = new PdfMetadata(template.Title, template.Title, "fi", DateTimeOffset.UnixEpoch);
        var pdf = PdfLayout.Render(blocks, page, meta);
        (string, Action)[] stages =
        [
            ("whole render", () => renderer.Render(DocumentKind.LoanAgreement, "fi", model)),
            ("template fill (Fluid)", () => renderer.RenderMarkdown(DocumentKind.LoanAgreement, "fi", model)),
            ("Markdown to blocks (Markdig)", () => MarkdownBlocks.Convert(markdown, model.LoanReference, null)),
            ("layout + PDF (PdfLayout.Render)", () => PdfLayout.Render(blocks, page, meta)),
            ("/Lang and dc:language (PdfLanguage.Apply)", () => PdfLanguage.Apply(pdf, "fi")),
        ];
        foreach (var (name, action) in stages)
        {
            for (var i = 0; i < 20; i++)
                action();
            var times = new double[iterations];
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                action();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / iterations;
            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-45} p50 {times[iterations / 2],7:F3} ms, CPU {cpuPerRun,7:F3} ms a run"));
        }
        return 0;
    }
}
