namespace LaiteLaina.Hardware;

/// <summary>
/// How many modules wide each symbol is for a given text, as the encoders in printers (and zpl-renderer-js) draw it:
/// the layout sizes the symbols from these counts instead of guessing, so that quiet zones really stay clear.
/// </summary>
public static class Symbols
{
    /// <summary>
    /// Code 128 without quiet zones: 11 modules a symbol character plus 35 for start, check and stop (13 of them
    /// stop). Characters are counted for the shortest encoding, with code set C (two digits a character) for runs of
    /// digits, as ZPL's automatic mode does.
    /// </summary>
    public static int Code128Modules(string data) => 35 + 11 * Code128Characters(data);

    public static int Code128Characters(string data)
    {
        // cost[i, set]: characters needed for data[i..] when code set B (0) or C (1) is active at position i.
        var n = data.Length;
        var cost = new int[n + 1, 2];
        for (var i = n - 1; i >= 0; i--)
        {
            var inB = 1 + cost[i + 1, 0];
            var inC = i + 1 < n && char.IsAsciiDigit(data[i]) && char.IsAsciiDigit(data[i + 1]) ? 1 + cost[i + 2, 1] : int.MaxValue / 2;
            cost[i, 0] = Math.Min(inB, 1 + inC);
            cost[i, 1] = Math.Min(inC, 1 + inB);
        }
        return n == 0 ? 0 : Math.Min(cost[0, 0], cost[0, 1]);
    }

    // Data capacity of QR versions 1-10 at error correction level M.
    private static readonly int[] QrNumeric = [34, 63, 101, 149, 202, 255, 293, 365, 432, 513];
    private static readonly int[] QrAlphanumeric = [20, 38, 61, 90, 122, 154, 178, 221, 262, 311];
    private static readonly int[] QrBytes = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213];

    /// <summary>QR code side in modules (17 + 4 × version) at level M, for the mode the whole text fits: numeric,
    /// alphanumeric (digits, capitals, space and $%*+-./:) or bytes.</summary>
    public static int QrModules(string data)
    {
        var capacity = data.All(char.IsAsciiDigit) ? QrNumeric
            : data.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c) || " $%*+-./:".Contains(c)) ? QrAlphanumeric
            : QrBytes;
        var length = data.Any(c => c > 0x7F) ? System.Text.Encoding.UTF8.GetByteCount(data) : data.Length;
        var version = Array.FindIndex(capacity, c => c >= length) + 1;
        return version == 0 ? throw new ArgumentException("too long for a label's QR code", nameof(data)) : 17 + 4 * version;
    }

    // Square ECC 200 Data Matrix sizes and how many data codewords each holds.
    private static readonly (int Size, int Codewords)[] DataMatrixSizes =
        [(10, 3), (12, 5), (14, 8), (16, 12), (18, 18), (20, 22), (22, 30), (24, 36), (26, 44), (32, 62), (36, 86), (40, 114), (44, 144)];

    /// <summary>Data Matrix side in modules, counted in ASCII encodation: two digits make one codeword, any other
    /// ASCII character one, a character beyond ASCII two.</summary>
    public static int DataMatrixModules(string data)
    {
        var codewords = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (i + 1 < data.Length && char.IsAsciiDigit(data[i]) && char.IsAsciiDigit(data[i + 1]))
                i++;
            codewords += data[i] > 0x7F ? 2 : 1;
        }
        return DataMatrixSizes.FirstOrDefault(s => s.Codewords >= codewords) is { Size: > 0 } fit
            ? fit.Size
            : throw new ArgumentException("too long for a label's Data Matrix", nameof(data));
    }
}
