using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using CsvHelper.Configuration;

namespace LaiteLaina.Inventory;

/// <summary>
/// A CSV file of devices as Finnish offices really have it: comma, semicolon or tab between values; UTF-8 with
/// or without a byte order mark, UTF-16 from Excel's "Unicode text", or Windows-1252 from an older Excel;
/// English or Finnish column names in any letter case. <see cref="Open"/> checks the encoding and the header,
/// <see cref="Rows"/> reads the values; the rules for the values themselves stay in <see cref="InventoryService"/>.
/// </summary>
public sealed class DeviceCsv
{
    /// <summary>The columns an import understands, in export order; each is a <see cref="DeviceInput"/> field.</summary>
    public static IReadOnlyList<string> Fields => FieldNames;

    private static readonly string[] FieldNames =
    [
        "kind", "make", "model", "serial_number", "imei", "os", "os_version", "condition", "site", "location",
        "acquisition", "acquired_on", "cost", "donor", "supplier", "transferred_from", "lease_end", "lease_paid_by",
        "accessories", "notes",
    ];

    /// <summary>An export also has these; LaiteLaina gives every imported device a new tag and starts it in intake.</summary>
    private static readonly string[] Assigned = ["tag", "status"];

    /// <summary>Other names people give the columns, normalised as <see cref="Normalise"/> does.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["laji"] = "kind", ["tyyppi"] = "kind", ["laitetyyppi"] = "kind", ["type"] = "kind",
        ["merkki"] = "make", ["valmistaja"] = "make", ["manufacturer"] = "make", ["brand"] = "make",
        ["malli"] = "model",
        ["sarjanumero"] = "serial_number", ["serial"] = "serial_number", ["serial_no"] = "serial_number", ["sn"] = "serial_number",
        ["käyttöjärjestelmä"] = "os", ["kayttojarjestelma"] = "os", ["operating_system"] = "os",
        ["versio"] = "os_version", ["käyttöjärjestelmän_versio"] = "os_version",
        ["kunto"] = "condition",
        ["toimipiste"] = "site", ["toimipaikka"] = "site",
        ["sijainti"] = "location",
        ["hankintatapa"] = "acquisition", ["source"] = "acquisition",
        ["hankintapäivä"] = "acquired_on", ["hankittu"] = "acquired_on", ["acquired"] = "acquired_on",
        ["hinta"] = "cost", ["hankintahinta"] = "cost", ["price"] = "cost",
        ["lahjoittaja"] = "donor",
        ["toimittaja"] = "supplier", ["vuokraaja"] = "supplier",
        ["siirretty"] = "transferred_from", ["siirretty_mistä"] = "transferred_from",
        ["leasing_päättyy"] = "lease_end", ["leasing_paattyy"] = "lease_end", ["vuokra_päättyy"] = "lease_end",
        ["maksaja"] = "lease_paid_by", ["leasingin_maksaja"] = "lease_paid_by",
        ["lisävarusteet"] = "accessories", ["varusteet"] = "accessories",
        ["huomiot"] = "notes", ["lisätiedot"] = "notes", ["huomautukset"] = "notes",
        ["tunnus"] = "tag", ["inventaarionumero"] = "tag", ["tila"] = "status",
    };

    private const int NoHeader = -1, AssignedColumn = -2;

    // Bytes that never occur in a text file; NUL is what UTF-16 without a byte order mark looks like.
    private static readonly SearchValues<byte> Binary = SearchValues.Create([0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    // Windows-1252 leaves these five unassigned; a file that has them is in some other code page.
    private static readonly SearchValues<byte> Unassigned1252 = SearchValues.Create([0x81, 0x8D, 0x8F, 0x90, 0x9D]);

    static DeviceCsv() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly Stream stream;
    private readonly int[] fieldOf; // file column → index in Fields, or NoHeader / AssignedColumn
    private readonly Dictionary<string, string> headerOf = new(StringComparer.Ordinal); // field → the header as the file spells it

    private DeviceCsv(Stream stream, string name, Encoding encoding, string delimiter, string[] header)
    {
        this.stream = stream;
        Name = name;
        Encoding = encoding;
        Delimiter = delimiter;
        fieldOf = new int[header.Length];
        var problems = new List<RowProblem>();
        var assigned = new List<string>();
        for (var i = 0; i < header.Length; i++)
        {
            var key = Normalise(header[i]);
            var field = Aliases.GetValueOrDefault(key, key);
            if (key.Length == 0)
                fieldOf[i] = NoHeader;
            else if (Assigned.Contains(field))
            {
                fieldOf[i] = AssignedColumn;
                assigned.Add(header[i].Trim());
            }
            else if (Array.IndexOf(FieldNames, field) is var index and >= 0)
            {
                fieldOf[i] = index;
                if (!headerOf.TryAdd(field, header[i].Trim()))
                    problems.Add(new RowProblem(1, field, Msg.ImportDuplicateColumn.With(headerOf[field], header[i].Trim(), field)));
            }
            else
            {
                fieldOf[i] = NoHeader;
                problems.Add(new RowProblem(1, null, Msg.ImportUnknownColumn.With(header[i].Trim(), string.Join(", ", Fields))));
            }
        }
        if (!headerOf.ContainsKey("kind"))
            problems.Add(new RowProblem(1, null, Msg.ImportNoKindColumn.With(EnumText.Allowed<DeviceKind>())));
        Problems = problems;
        AssignedColumns = assigned;
    }

    public string Name { get; }
    public Encoding Encoding { get; }
    public string Delimiter { get; }

    /// <summary>What is wrong with the header; an import must not start while there are any.</summary>
    public IReadOnlyList<RowProblem> Problems { get; }

    /// <summary>Columns such as tag and status that an export has and an import leaves to LaiteLaina.</summary>
    public IReadOnlyList<string> AssignedColumns { get; }

    /// <summary>Reads the encoding and the header of <paramref name="stream"/>, which must be seekable because the rows are read in a second pass.</summary>
    /// <param name="name">The file's name, for messages.</param>
    public static DeviceCsv Open(Stream stream, string name)
    {
        if (!stream.CanSeek)
            throw new ArgumentException("the stream must be seekable", nameof(stream));
        var encoding = DetectEncoding(stream, name);
        stream.Position = 0;
        string? firstLine;
        using (var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
            firstLine = reader.ReadLine();
        if (string.IsNullOrWhiteSpace(firstLine))
            throw new UserError(Msg.ImportNoHeader.With(name), UserErrorKind.Invalid, "file");
        var delimiter = DetectDelimiter(firstLine);
        using var csv = Reader(stream, encoding, delimiter, _ => { });
        csv.Read();
        return new DeviceCsv(stream, name, encoding, delimiter, csv.Parser.Record ?? []);
    }

    /// <summary>The rows after the header, each with the line it starts on. Reading is lazy: one row in memory at a time.</summary>
    internal IEnumerable<ImportRow> Rows()
    {
        string? badData = null;
        using var csv = Reader(stream, Encoding, Delimiter, args => badData ??= args.Field);
        csv.Read();
        var values = new string?[Fields.Count];
        while (csv.Read())
        {
            var parser = csv.Parser;
            var line = StartLine(parser);
            if (parser.Count > fieldOf.Length)
            {
                yield return Bad(line, Msg.ImportRowTooLong.With(parser.Count, fieldOf.Length, Delimiter));
                continue;
            }
            Array.Clear(values);
            Message? stray = null;
            RowProblem? refused = null;
            for (var i = 0; i < parser.Count; i++)
            {
                var value = parser[i];
                if (string.IsNullOrWhiteSpace(value))
                    continue;
                if (fieldOf[i] >= 0)
                {
                    // The edge of the import: each cell is checked as a typed value is, under its field's name.
                    try
                    {
                        values[fieldOf[i]] = TextInput.Check(FieldNames[fieldOf[i]], Unescape(value));
                    }
                    catch (UserError e)
                    {
                        refused ??= new RowProblem(line, e.Field, e.Text);
                    }
                }
                else if (fieldOf[i] == NoHeader)
                    stray ??= Msg.ImportValueWithoutHeader.With(i + 1, Shorten(value));
            }
            // The parser unquotes a value only when it is read, so a stray quote shows up after the loop above.
            if (badData is not null)
            {
                yield return Bad(line, Msg.ImportStrayQuote.With(Shorten(badData)));
                badData = null;
                continue;
            }
            if (refused is not null)
            {
                yield return new ImportRow(line, null, refused);
                continue;
            }
            // Excel leaves rows of bare delimiters below the data; they are blank lines, not devices without a kind.
            if (stray is null && Array.TrueForAll(values, v => v is null))
                continue;
            yield return stray is not null ? Bad(line, stray) : new ImportRow(line, Input(values));
        }
    }

    /// <summary>"line 7, column cost: cost '-5' is not valid: ...", naming the column as the file spells it.</summary>
    public string Describe(RowProblem problem) =>
        problem.Field is null ? $"line {problem.Line}: {problem.Message}" : $"line {problem.Line}, column {Column(problem.Field)}: {problem.Message}";

    /// <summary>The header of the column that holds <paramref name="field"/> (a <see cref="UserError.Field"/> such as "acquired-on").</summary>
    public string Column(string field)
    {
        var key = field.Replace('-', '_');
        return headerOf.GetValueOrDefault(key, key);
    }

    /// <summary>Writes the devices as CSV that <see cref="Open"/> reads back: the header in English field names, plus tag and status.</summary>
    /// <returns>How many devices were written.</returns>
    public static async Task<long> WriteAsync(TextWriter writer, IAsyncEnumerable<Device> devices, string delimiter, CancellationToken ct = default)
    {
        // Finnish Excel reads "129,90" as a number only where the list separator is ';'.
        var cents = delimiter == ";" ? CultureInfo.GetCultureInfo("fi-FI") : CultureInfo.InvariantCulture;
        // A note that starts with '=' must not become a formula when a manager opens the export in Excel; Rows() undoes the escape.
        await using var csv = new CsvOutput(writer, delimiter);
        csv.Row(Assigned.Concat(Fields));
        long count = 0;
        await foreach (var d in devices.WithCancellation(ct))
        {
            await csv.RowAsync(
            [
                d.Tag, EnumText.Kebab(d.Status), EnumText.Kebab(d.Kind), d.Make, d.Model, d.SerialNumber, d.Imei, d.Os, d.OsVersion,
                EnumText.Kebab(d.Condition), d.SiteCode, d.LocationName, EnumText.Kebab(d.Acquisition), Date(d.AcquiredOn),
                d.CostCents is { } c ? (c / 100m).ToString("0.00", cents) : null, d.DonorName, d.Supplier, d.TransferredFrom,
                Date(d.LeaseEnd), d.LeasePaidBy, d.Accessories, d.Notes,
            ]);
            count++;
        }
        await csv.FlushAsync();
        return count;
    }

    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Finnish words for the values of kind, condition and acquisition, as an office list has them.</summary>
    private static readonly Dictionary<string, string> FinnishValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["tabletti"] = "tablet", ["tabletti-tietokone"] = "tablet", ["puhelin"] = "phone", ["älypuhelin"] = "phone",
        ["kannettava"] = "laptop", ["kannettava tietokone"] = "laptop", ["läppäri"] = "laptop", ["pöytäkone"] = "desktop",
        ["näyttö"] = "monitor", ["monitori"] = "monitor", ["tulostin"] = "printer-scanner", ["monitoimitulostin"] = "printer-scanner",
        ["skanneri"] = "printer-scanner", ["muu"] = "other",
        ["uusi"] = "new", ["hyvä"] = "good", ["kohtalainen"] = "fair", ["tyydyttävä"] = "fair", ["huono"] = "poor", ["rikki"] = "broken",
        ["ostettu"] = "purchased", ["osto"] = "purchased", ["lahjoitettu"] = "donated", ["lahjoitus"] = "donated",
        ["siirretty"] = "transferred", ["siirto"] = "transferred", ["leasing"] = "leased", ["vuokrattu"] = "leased",
    };

    private static string? Finnish(string? value) => value is not null && FinnishValues.TryGetValue(value.Trim(), out var english) ? english : value;

    private static DeviceInput Input(string?[] v) => new()
    {
        Kind = Finnish(v[0]), Make = v[1], Model = v[2], SerialNumber = v[3], Imei = v[4], Os = v[5], OsVersion = v[6], Condition = Finnish(v[7]),
        Site = v[8], Location = v[9], Acquisition = Finnish(v[10]), AcquiredOn = v[11], Cost = v[12], Donor = v[13], Supplier = v[14],
        TransferredFrom = v[15], LeaseEnd = v[16], LeasePaidBy = v[17], Accessories = v[18], Notes = v[19],
    };

    private static ImportRow Bad(int line, Message message) => new(line, null, new RowProblem(line, null, message));

    private static CsvReader Reader(Stream stream, Encoding encoding, string delimiter, BadDataFound badData)
    {
        stream.Position = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            HasHeaderRecord = false,
            BadDataFound = badData,
            MissingFieldFound = null,
            // Make, model, site and the like repeat on most rows; one string each keeps a million rows small.
            CacheFields = true,
        };
        return new CsvReader(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true), config);
    }

    /// <summary>The line a record starts on: the parser counts the line it ends on, and a quoted value may span lines.</summary>
    private static int StartLine(IParser parser)
    {
        var raw = parser.RawRecord.AsSpan().TrimEnd("\r\n");
        return parser.RawRow - raw.Count('\n');
    }

    private static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && CsvOutput.FormulaStarts.Contains(value[1]) ? value[1..] : value;

    // A value repeated in a problem: short and on one line, whatever the cell held.
    private static string Shorten(string value) => Message.Quote(value, 40);

    /// <summary>"Serial Number", "serial-number" and "SERIAL_NUMBER" are the same column.</summary>
    private static string Normalise(string header) =>
        string.Join('_', header.Trim().Trim('\uFEFF').ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The separator that occurs most often in the header line outside quotes; Finnish Excel writes ';'.</summary>
    private static string DetectDelimiter(string header)
    {
        int semicolons = 0, commas = 0, tabs = 0;
        var quoted = false;
        foreach (var ch in header)
        {
            if (ch == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (ch == ';') semicolons++;
            else if (ch == ',') commas++;
            else if (ch == '\t') tabs++;
        }
        return tabs > semicolons && tabs > commas ? "\t" : semicolons >= commas && semicolons > 0 ? ";" : ",";
    }

    /// <summary>
    /// A byte order mark decides; otherwise a file that is valid UTF-8 throughout is UTF-8 and any other text is
    /// Windows-1252, which is what Excel on a Finnish Windows saves as "CSV (semicolon delimited)". The whole
    /// file is scanned, because the first ä may be on the millionth line.
    /// </summary>
    private static Encoding DetectEncoding(Stream stream, string name)
    {
        stream.Position = 0;
        Span<byte> bom = stackalloc byte[3];
        var read = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        if (read >= 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF)
            return new UTF8Encoding(false);
        if (read >= 2 && bom[0] == 0xFF && bom[1] == 0xFE)
            return Encoding.Unicode;
        if (read >= 2 && bom[0] == 0xFE && bom[1] == 0xFF)
            return Encoding.BigEndianUnicode;

        stream.Position = 0;
        var buffer = new byte[1 << 16];
        var chars = new char[buffer.Length];
        var carried = 0; // the start of a UTF-8 sequence cut by the end of the previous block: at most 3 bytes, never a newline
        var lines = 1;
        var utf8 = true;
        var unassigned1252 = -1;
        while (true)
        {
            var n = stream.Read(buffer, carried, buffer.Length - carried);
            var fresh = buffer.AsSpan(carried, n);
            if (fresh.IndexOfAny(Binary) is var bad and >= 0)
                throw new UserError(
                    Msg.ImportBinary.With(name, fresh[bad], lines + fresh[..bad].Count((byte)'\n'), fresh[bad] == 0 ? Msg.ImportBinaryUtf16 : ""),
                    UserErrorKind.Invalid, "file");
            if (unassigned1252 < 0 && fresh.IndexOfAny(Unassigned1252) is var u and >= 0)
                unassigned1252 = lines + fresh[..u].Count((byte)'\n');
            if (utf8)
            {
                var block = buffer.AsSpan(0, carried + n);
                // UTF-8 never needs more chars than bytes, so the only outcomes are Done, NeedMoreData (a cut sequence) and InvalidData.
                var status = Utf8.ToUtf16(block, chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: n == 0);
                utf8 = status != OperationStatus.InvalidData;
                carried = utf8 ? block.Length - consumed : 0;
                block[consumed..].CopyTo(buffer);
            }
            lines += fresh.Count((byte)'\n');
            if (n == 0)
                break;
        }
        if (utf8)
            return new UTF8Encoding(false);
        if (unassigned1252 >= 0)
            throw new UserError(
                Msg.ImportNot1252.With(name, unassigned1252),
                UserErrorKind.Invalid, "file");
        return Encoding.GetEncoding(1252);
    }
}
