using System.Diagnostics;
using System.Globalization;
using System.Text;
using LaiteLaina.Documents;

/// <summary>
/// How the agreement's layout time grows with one long value (the recommending worker's name): as a word without
/// a space, and as words split by commas (which the Markdown parser cuts into many pieces). Linear growth means
/// the time per kilobyte stays flat from row to row.
/// </summary>
internal static class LongValues
{
    public static int Run(DocumentRenderer renderer, AgreementModel model, string output)
    {
        var report = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        report.AppendLine("# Agreement layout against one long value").AppendLine();
        report.AppendLine(inv, $"Produced by `scripts/bench-documents.sh --long` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, one core (`taskset -c 0`).");
        report.AppendLine("The recommending worker's name is made N KB long; each row is the median of 3 renders of the Finnish loan agreement.").AppendLine();
        report.AppendLine("| value | KB | pages | median ms | ms per KB |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (label, unit) in new[] { ("one word", "Äijälä"), ("words and commas", "Äijälä, ") })
        {
            foreach (var kb in new[] { 10, 30, 100, 300 })
            {
                var name = new StringBuilder();
                while (name.Length < kb * 1024)
                    name.Append(unit);
                var long_ = model with { RecommendingWorker = new Person(name.ToString(0, kb * 1024)) };
                var times = new double[3];
                var pages = 0;
                for (var i = 0; i < times.Length; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var pdf = renderer.Render(DocumentKind.LoanAgreement, "fi", long_).Pdf;
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    pages = CountPages(pdf);
                }
                Array.Sort(times);
                var median = times[1];
                Console.WriteLine($"{label} {kb} KB: {median:F0} ms, {pages} pages");
                report.AppendLine(inv, $"| {label} | {kb} | {pages} | {median:F0} | {median / kb:F2} |");
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, report.ToString());
        Console.WriteLine($"written {output}");
        return 0;
    }

    private static int CountPages(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
}
