using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LaiteLaina.Documents;
using LaiteLaina.Kernel;
using LaiteLaina.Tests.Documents;
using Markdig;
using Microsoft.Playwright;
using QRCoder;

// Times the loan agreement PDF (Markdown template → our layout → SkiaSharp PDF) and, in the same run, headless
// Chromium printing the same agreement as HTML: kept warm (one browser, one page, setContent + pdf per document, as a
// Puppeteer/Playwright/Gotenberg service runs it) and started per document (cold). scripts/bench-documents.sh pins the
// process to one core with taskset; Playwright's driver and Chromium inherit that affinity, so both sides share one core.

var iterations = ArgInt("--iterations", 500);
var warmRuns = ArgInt("--warm-runs", 100);
var coldRuns = ArgInt("--chromium-runs", 5);
var output = Arg("--out") ?? "bench/results/documents.md";
var inv = CultureInfo.InvariantCulture;

var renderer = new DocumentRenderer(new DocumentTemplates(null));
var model = Samples.Loan();
if (args.Contains("--long"))
    return LongValues.Run(renderer, model, Arg("--out") ?? "bench/results/documents-long.md");
if (Arg("--dump") is { } dumpDir)
    return Dump(renderer, dumpDir);
if (args.Contains("--stages"))
    return Stages.Run(renderer, model, iterations);

// The second document: a client whose name is written in Arabic and Chinese, so both sides shape text and embed
// fallback fonts (HarfBuzz and the Noto subsets here, fontconfig's Noto fonts in Chromium).
Document[] documents =
[
    new("Finnish loan agreement", model),
    new("the same, borrower named in Arabic and Chinese", model with { Borrower = model.Borrower with { Name = "أحمد الحسن 王小明" } }),
];

foreach (var d in documents)
{
    for (var i = 0; i < 30; i++)
        renderer.Render(DocumentKind.LoanAgreement, "fi", d.Model); // JIT, font load, template parse
}
var ours = documents.Select(d => Time(iterations, () => renderer.Render(DocumentKind.LoanAgreement, "fi", d.Model).Pdf.Length)).ToArray();
for (var i = 0; i < documents.Length; i++)
    Console.WriteLine($"laitelaina {documents[i].Name}: {ours[i]}");

var chromium = FindChromium();
string? chromiumVersion = null;
Timing[] warm = [];
Timing? cold = null;
if (chromium is null)
{
    Console.WriteLine("chromium: not installed (apt-get install chromium); comparison skipped");
}
else
{
    chromiumVersion = RunForOutput(chromium, "--version").Trim();
    var html = documents.Select(d => AgreementHtml(renderer.RenderMarkdown(DocumentKind.LoanAgreement, "fi", d.Model).Markdown, d.Model.LoanReference)).ToArray();
    warm = await Warm(chromium, html, warmRuns);
    for (var i = 0; i < documents.Length; i++)
        Console.WriteLine($"chromium warm {documents[i].Name}: {warm[i]}");
    cold = Cold(chromium, html[0], coldRuns);
    Console.WriteLine($"chromium cold {documents[0].Name}: {cold}");
}

var sizes = DocumentSizes(renderer);

var report = new StringBuilder();
report.AppendLine("# Document rendering benchmark").AppendLine();
report.AppendLine(inv, $"Produced by `scripts/bench-documents.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {CpuModel()}, pinned to one core with `taskset -c 0` ({Environment.ProcessorCount} core visible to .NET). Both sides run in the same process tree on that core, one after the other. Load average at the end: {LoadAverage()}; the machine is shared, so compare the ratios within this file, not times across runs.");
report.AppendLine("Document: the Finnish loan agreement (`loan-agreement.fi.md`) with the realistic test model (`tests/LaiteLaina.Tests/Documents/Samples.cs`): 2 pages, tables, lists, signature lines, QR code and Code 128; and the same agreement for a borrower named `أحمد الحسن 王小明`.").AppendLine();
report.AppendLine("| document | renderer | runs | p50 ms | p99 ms | documents/s | PDF bytes |");
report.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
for (var i = 0; i < documents.Length; i++)
{
    report.AppendLine(inv, $"| {documents[i].Name} | LaiteLaina, in process | {ours[i].Row}");
    if (warm.Length > 0)
        report.AppendLine(inv, $"| {documents[i].Name} | Chromium kept warm (one page, `setContent` + `pdf`) | {warm[i].Row}");
}
if (cold is not null)
    report.AppendLine(inv, $"| {documents[0].Name} | Chromium started per document (`--headless --print-to-pdf`) | {cold.Row}");
report.AppendLine();
if (warm.Length > 0)
{
    for (var i = 0; i < documents.Length; i++)
        report.AppendLine(inv, $"- {documents[i].Name}: warm Chromium / LaiteLaina, p50 **{warm[i].P50 / ours[i].P50:F1}×**, p99 {warm[i].P99 / ours[i].P99:F1}×, documents/s {ours[i].PerSecond / warm[i].PerSecond:F1}×; PDF size LaiteLaina / Chromium {(double)ours[i].Bytes / warm[i].Bytes:F2}.");
    report.AppendLine(inv, $"- {documents[0].Name}: cold Chromium / LaiteLaina, p50 {cold!.P50 / ours[0].P50:F0}×.");
    var speed = documents.Select((_, i) => warm[i].P50 / ours[i].P50).Min();
    var smaller = documents.Select((_, i) => ours[i].Bytes <= warm[i].Bytes).All(b => b);
    report.AppendLine().AppendLine(inv, $"Goals: at least 10× faster than warm Chromium (p50) — {(speed >= 10 ? "met" : "NOT met")} ({speed:F1}× at the least); PDFs no larger than Chromium's for the same agreement — {(smaller ? "met" : "NOT met")}.");
}
else
{
    report.AppendLine("Chromium is not installed (`apt-get install chromium`), so there is no comparison in this run.");
}
report.AppendLine().AppendLine($"""
    What each side does per document:
    - LaiteLaina: fills the Fluid template, parses the Markdown with Markdig, lays it out with its own engine (HarfBuzz
      shaping for text the Latin font does not cover), writes the PDF/A-2b with SkiaSharp (fonts cut by HarfBuzz to the
      glyphs used), adds `/Lang` and `dc:language`; the bytes are in memory.
    - Chromium kept warm: {chromiumVersion ?? "Chromium"}, launched once through Microsoft.Playwright (`ExecutablePath=/usr/bin/chromium`,
      headless) with one page; per document `page.SetContentAsync(html)` and `page.PdfAsync(A4)`, the bytes back in .NET.
      The HTML is the same filled-in Markdown through Markdig's HTML renderer with print CSS (Liberation Sans, A4
      margins, the QR code as SVG), prepared before timing. It is plain PDF (Chromium writes no PDF/A) with subset
      TrueType fonts.
    - Chromium started per document: the same HTML from a file, `chromium --headless --print-to-pdf`, a fresh profile.
    """);
report.AppendLine().AppendLine("PDF bytes per document kind and language (LaiteLaina, the realistic test model):").AppendLine();
report.AppendLine("| document | " + string.Join(" | ", DocumentLanguages.All) + " |");
report.AppendLine("| --- |" + string.Concat(DocumentLanguages.All.Select(_ => " ---: |")));
foreach (var (kind, row) in sizes)
    report.AppendLine(inv, $"| {DocumentKinds.FileStem(kind)} | {string.Join(" | ", row)} |");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
File.WriteAllText(output, report.ToString());
Console.WriteLine($"written {output}");
return 0;

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int ArgInt(string name, int fallback) => Arg(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

static Timing Time(int runs, Func<int> render)
{
    var times = new double[runs];
    var bytes = 0;
    var total = Stopwatch.StartNew();
    for (var i = 0; i < runs; i++)
    {
        var start = Stopwatch.GetTimestamp();
        bytes = render();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    return new Timing(times, runs / total.Elapsed.TotalSeconds, bytes);
}

static async Task<Timing[]> Warm(string chromium, string[] html, int runs)
{
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
    var page = await browser.NewPageAsync();
    var options = new PagePdfOptions { Format = "A4", PreferCSSPageSize = true };
    async Task<int> Print(string content)
    {
        await page.SetContentAsync(content);
        return (await page.PdfAsync(options)).Length;
    }
    foreach (var h in html)
    {
        for (var i = 0; i < 10; i++)
            await Print(h); // fonts, layout code and the PDF backend warm
    }
    var result = new List<Timing>();
    foreach (var h in html)
    {
        var times = new double[runs];
        var bytes = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            bytes = await Print(h);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        result.Add(new Timing(times, runs / total.Elapsed.TotalSeconds, bytes));
    }
    return [.. result];
}

static Timing Cold(string chromium, string html, int runs)
{
    var dir = Directory.CreateTempSubdirectory("laitelaina-bench-").FullName;
    try
    {
        var file = Path.Combine(dir, "agreement.html");
        File.WriteAllText(file, html);
        var pdf = Path.Combine(dir, "out.pdf");
        PrintWithChromium(chromium, file, pdf); // first start fills the OS file cache
        return Time(runs, () =>
        {
            File.Delete(pdf);
            PrintWithChromium(chromium, file, pdf);
            return File.Exists(pdf) ? (int)new FileInfo(pdf).Length : throw new InvalidOperationException("chromium wrote no PDF");
        });
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
}

/// <summary>Every kind in every language with the test models: what the size work is measured on.</summary>
static List<(DocumentKind Kind, string[] Bytes)> DocumentSizes(DocumentRenderer renderer) =>
    [.. Enum.GetValues<DocumentKind>().Select(kind => (kind, DocumentLanguages.All.Select(language =>
        RenderSample(renderer, kind, language).Length.ToString("N0", CultureInfo.InvariantCulture)).ToArray()))];

static byte[] RenderSample(DocumentRenderer renderer, DocumentKind kind, string language) => kind == DocumentKind.SanitisationCertificate
    ? renderer.Render(Samples.Certificate(), language).Pdf
    : renderer.Render(kind, language, Samples.Loan()).Pdf;

/// <summary>Writes every kind and language as PDF files, to compare fonts and rasterised pages before and after a change.</summary>
static int Dump(DocumentRenderer renderer, string dir)
{
    Directory.CreateDirectory(dir);
    foreach (var kind in Enum.GetValues<DocumentKind>())
    {
        foreach (var language in DocumentLanguages.All)
            File.WriteAllBytes(Path.Combine(dir, $"{DocumentKinds.FileStem(kind)}.{language}.pdf"), RenderSample(renderer, kind, language));
    }
    var named = Samples.Loan() with { Borrower = Samples.Loan().Borrower with { Name = "أحمد الحسن 王小明" } };
    File.WriteAllBytes(Path.Combine(dir, "loan-agreement.fi.scripts.pdf"), renderer.Render(DocumentKind.LoanAgreement, "fi", named).Pdf);
    Console.WriteLine($"written {dir}");
    return 0;
}

static string? FindChromium() =>
    File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : File.Exists("/usr/bin/chromium-browser") ? "/usr/bin/chromium-browser" : null;

static void PrintWithChromium(string chromium, string html, string pdf)
{
    var profile = Directory.CreateTempSubdirectory("laitelaina-chromium-").FullName;
    try
    {
        RunForOutput(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
            "--user-data-dir=" + profile, "--print-to-pdf=" + pdf, new Uri(html).AbsoluteUri);
    }
    finally
    {
        Directory.Delete(profile, recursive: true);
    }
}

static string RunForOutput(string file, params string[] arguments)
{
    var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in arguments)
        info.ArgumentList.Add(a);
    using var process = Process.Start(info)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    _ = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    return stdout.Result;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string CpuModel()
{
    var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
    return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
}

// The same filled-in Markdown as the PDF, through Markdig's HTML renderer, with the two directives replaced
// by their HTML equivalents (an SVG QR code and signature lines) and print CSS for A4 with the same font.
static string AgreementHtml(string markdown, string reference)
{
    var body = Markdown.ToHtml(markdown, MarkdownBlocks.Pipeline);
    using var generator = new QRCodeGenerator();
    using var data = generator.CreateQrCode(reference, QRCodeGenerator.ECCLevel.M);
    var svg = new SvgQRCode(data).GetGraphic(4);
    body = body.Replace("<p>[qr]</p>", $"<div class=\"qr\">{svg}<span>{WebUtility.HtmlEncode(reference)}</span></div>", StringComparison.Ordinal);
    body = Regex.Replace(body, @"<p>\[signatures:(.*?)\]</p>", m =>
        "<div class=\"signatures\">" + string.Concat(m.Groups[1].Value.Split(';').Select(c => $"<div class=\"sig\">{c.Trim()}</div>")) + "</div>");
    return $$"""
        <!DOCTYPE html>
        <html lang="fi"><head><meta charset="utf-8"><title>Laitteen lainasopimus {{WebUtility.HtmlEncode(reference)}}</title>
        <style>
        @page { size: A4; margin: 25mm 20mm; }
        body { font-family: "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #111; }
        h1 { font-size: 17pt; } h2 { font-size: 13.5pt; page-break-after: avoid; }
        table { width: 100%; border-collapse: collapse; } td, th { text-align: left; padding: 3.5pt; border-bottom: 0.4pt solid #111; vertical-align: top; }
        td, th, p, li { overflow-wrap: anywhere; }
        .signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 46pt 28pt; margin-top: 46pt; page-break-inside: avoid; }
        .sig { border-top: 0.6pt solid #111; padding-top: 3pt; font-size: 9pt; color: #555; }
        .qr { display: flex; align-items: center; gap: 8pt; margin-top: 12pt; } .qr svg { width: 26mm; height: 26mm; } .qr span { font-size: 9pt; color: #555; }
        </style></head><body>
        {{body}}
        </body></html>
        """;
}

internal sealed record Document(string Name, AgreementModel Model);

/// <summary>One side's timings of one document: per-run milliseconds, throughput over the whole loop, the last PDF's size.</summary>
internal sealed record Timing(double[] Times, double PerSecond, int Bytes)
{
    public double P50 => Percentile(0.50);
    public double P99 => Percentile(0.99);

    public string Row => string.Create(CultureInfo.InvariantCulture,
        $"{Times.Length} | {(P50 < 100 ? P50.ToString("F2", CultureInfo.InvariantCulture) : P50.ToString("F0", CultureInfo.InvariantCulture))} | {(P99 < 100 ? P99.ToString("F2", CultureInfo.InvariantCulture) : P99.ToString("F0", CultureInfo.InvariantCulture))} | {PerSecond:F1} | {Bytes} |");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"n={Times.Length} p50={P50:F2} ms p99={P99:F2} ms {PerSecond:F1} docs/s {Bytes} bytes");

    private double Percentile(double p)
    {
        var sorted = Times.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
