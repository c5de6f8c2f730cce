using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LaiteLaina.Documents;
using LaiteLaina.Tests.Documents;
using Markdig;
using QRCoder;

// Times the loan agreement PDF (Markdown template → our layout → SkiaSharp PDF) and, in the same run, headless
// Chromium printing the same agreement as HTML. scripts/bench-documents.sh pins the process to one core with
// taskset; Chromium inherits that affinity, so both sides get the same single core.

var iterations = ArgInt("--iterations", 500);
var chromiumRuns = ArgInt("--chromium-runs", 10);
var output = Arg("--out") ?? "bench/results/documents.md";

var renderer = new DocumentRenderer(new DocumentTemplates(null));
var model = Samples.Loan();
if (args.Contains("--long"))
    return LongValues.Run(renderer, model, Arg("--out") ?? "bench/results/documents-long.md");

for (var i = 0; i < 30; i++)
    renderer.Render(DocumentKind.LoanAgreement, "fi", model); // JIT, font load, template parse

var times = new double[iterations];
var total = Stopwatch.StartNew();
var size = 0;
for (var i = 0; i < iterations; i++)
{
    var start = Stopwatch.GetTimestamp();
    size = renderer.Render(DocumentKind.LoanAgreement, "fi", model).Pdf.Length;
    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
}
total.Stop();
var perSecond = iterations / total.Elapsed.TotalSeconds;
var (p50, p99) = (Percentile(times, 0.50), Percentile(times, 0.99));
Console.WriteLine($"skia: n={iterations} p50={p50:F2} ms p99={p99:F2} ms {perSecond:F1} docs/s, {size} bytes");

var chromium = FindChromium();
double[] chromeTimes = [];
long chromeSize = 0;
string? chromiumVersion = null;
if (chromium is null)
{
    Console.WriteLine("chromium: not installed (apt-get install chromium); comparison skipped");
}
else
{
    chromiumVersion = RunForOutput(chromium, "--version").Trim();
    var dir = Directory.CreateTempSubdirectory("laitelaina-bench-").FullName;
    var html = Path.Combine(dir, "agreement.html");
    File.WriteAllText(html, AgreementHtml(renderer.RenderMarkdown(DocumentKind.LoanAgreement, "fi", model).Markdown, model.LoanReference));
    var pdf = Path.Combine(dir, "out.pdf");
    PrintWithChromium(chromium, html, pdf); // first start fills the OS file cache
    chromeTimes = new double[chromiumRuns];
    for (var i = 0; i < chromiumRuns; i++)
    {
        File.Delete(pdf);
        var start = Stopwatch.GetTimestamp();
        PrintWithChromium(chromium, html, pdf);
        chromeTimes[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!File.Exists(pdf))
            throw new InvalidOperationException("chromium wrote no PDF");
    }
    chromeSize = new FileInfo(pdf).Length;
    Console.WriteLine($"chromium: n={chromiumRuns} p50={Percentile(chromeTimes, 0.5):F0} ms p99={Percentile(chromeTimes, 0.99):F0} ms, {chromeSize} bytes");
    Directory.Delete(dir, recursive: true);
}

var report = new StringBuilder();
var inv = CultureInfo.InvariantCulture;
report.AppendLine("# Document rendering benchmark").AppendLine();
report.AppendLine(inv, $"Produced by `scripts/bench-documents.sh` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {CpuModel()}, pinned to one core with `taskset -c 0` ({Environment.ProcessorCount} core visible to .NET).");
report.AppendLine("Document: the Finnish loan agreement (`loan-agreement.fi.md`) with the realistic test model (`tests/LaiteLaina.Tests/Documents/Samples.cs`): 2 pages, tables, lists, signature lines, QR code.").AppendLine();
report.AppendLine("| renderer | runs | p50 ms | p99 ms | documents/s | PDF bytes |");
report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
report.AppendLine(inv, $"| LaiteLaina (Fluid + Markdig + own layout + SkiaSharp PDF, in process) | {iterations} | {p50:F2} | {p99:F2} | {perSecond:F1} | {size} |");
if (chromeTimes.Length > 0)
{
    var c50 = Percentile(chromeTimes, 0.5);
    report.AppendLine(inv, $"| {chromiumVersion} `--headless --print-to-pdf`, new process per document | {chromiumRuns} | {c50:F0} | {Percentile(chromeTimes, 0.99):F0} | {1000 / chromeTimes.Average():F2} | {chromeSize} |");
    report.AppendLine().AppendLine(inv, $"Ratio of p50 times, Chromium / LaiteLaina: **{c50 / p50:F0}×**.");
}
else
{
    report.AppendLine().AppendLine("Chromium is not installed (`apt-get install chromium`), so there is no comparison in this run.");
}
report.AppendLine().AppendLine(inv, $"Goals: p50 under 20 ms — {(p50 < 20 ? "met" : "NOT met")}; 50 documents/s on one core — {(perSecond >= 50 ? "met" : "NOT met")}.");
report.AppendLine().AppendLine("Chromium is timed as a command a server would run per document (process start, HTML layout, PDF print); a kept-alive browser driven over the DevTools protocol would be faster, but that is a different deployment than the one compared here.");
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

static double Percentile(double[] values, double p)
{
    var sorted = values.Order().ToArray();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
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
