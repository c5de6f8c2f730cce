using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using SkiaSharp;

namespace LaiteLaina.Documents;

/// <summary>
/// The fonts of one document cut down to the glyphs it draws, so the PDF carries kilobytes of font instead of whole
/// font files. SkiaSharp's PDF backend is built without a font subsetter and embeds a TrueType font whole (~100 KB for
/// each of our Latin styles, 150–250 KB for the Arabic and Ethiopic fallbacks); HarfBuzz's subsetter, which ships in the
/// HarfBuzzSharp native library the shaper already loads, makes the subset first, and Skia then embeds that.
/// </summary>
/// <remarks>
/// A document is drawn twice: once on a canvas that draws nothing, to learn which glyphs each typeface shows
/// (<see cref="Collecting"/>), and then for real with every typeface replaced by its subset. Glyph ids are kept
/// (HarfBuzz's retain-gids), so the glyphs the shaper chose and the widths layout measured stay valid, and the character
/// map keeps the characters drawn, so the PDF's ToUnicode map (copy and paste, screen readers) is what it was. Layout
/// tables are dropped: shaping is done before drawing, with the full font.
/// </remarks>
internal sealed class FontSubsets : IDisposable
{
    // Full font files by typeface: only TrueType ones; Skia writes a CFF font as a Type 3 subset of its own already.
    private static readonly ConcurrentDictionary<SKTypeface, HarfBuzzSharp.Face> Faces = new();

    // Subsets made before, by font and what they hold: documents from one template mostly show the same glyphs, and
    // reusing the typeface saves the cut and lets Skia reuse its glyph cache for it (together about a quarter of the
    // agreement's render time, scripts/bench-documents.sh --stages). Bounded by starting afresh; a typeface a render
    // still draws with stays alive through that render and is freed by the collector.
    private static readonly ConcurrentDictionary<(SKTypeface Font, string Glyphs), SKTypeface> Made = new();
    private const int MadeLimit = 256;

    private readonly Dictionary<SKTypeface, (HashSet<uint> Characters, HashSet<uint> Glyphs)> used = [];
    private readonly Dictionary<SKTypeface, SKTypeface> subsets = [];
    private readonly Dictionary<SKFont, SKFont> fonts = [];

    /// <summary>Text that needed shaping, shaped in the collecting pass and drawn from here in the real one.</summary>
    public Dictionary<(string Text, SKFont Font), List<TextShaper.ShapedRun>> Shaped { get; } = [];

    /// <summary>True until <see cref="Build"/>: text is recorded, not drawn.</summary>
    public bool Collecting { get; private set; } = true;

    /// <summary>Makes <paramref name="typeface"/>, read from <paramref name="file"/>, one that documents embed as a subset.</summary>
    public static void Register(SKTypeface typeface, byte[] file)
    {
        if (file.Length < 4 || file[0] != 0 || file[1] != 1 || file[2] != 0 || file[3] != 0)
            return; // not TrueType outlines
        var pinned = GCHandle.Alloc(file, GCHandleType.Pinned); // the face reads the bytes for the process's lifetime
        var blob = new HarfBuzzSharp.Blob(pinned.AddrOfPinnedObject(), file.Length, HarfBuzzSharp.MemoryMode.ReadOnly);
        Faces[typeface] = new HarfBuzzSharp.Face(blob, 0);
    }

    /// <summary>Records text drawn with <paramref name="typeface"/>: the characters that map to glyphs directly, and the glyphs.</summary>
    public void Use(SKTypeface typeface, string? characters, ReadOnlySpan<ushort> glyphs)
    {
        if (!Faces.ContainsKey(typeface))
            return;
        if (!used.TryGetValue(typeface, out var set))
            used[typeface] = set = ([], []);
        if (characters is not null)
        {
            foreach (var rune in characters.EnumerateRunes())
                set.Characters.Add((uint)rune.Value);
        }
        foreach (var g in glyphs)
            set.Glyphs.Add(g);
    }

    /// <summary>Cuts every typeface used to its glyphs; from now on <see cref="Font"/> and <see cref="Typeface"/> hand out the subsets.</summary>
    public void Build()
    {
        foreach (var (typeface, set) in used)
        {
            var key = (typeface, Signature(set.Characters, set.Glyphs));
            if (!Made.TryGetValue(key, out var subset))
            {
                if (Made.Count >= MadeLimit)
                    Made.Clear();
                subset = Made.GetOrAdd(key, _ => Subset(Faces[typeface], set.Characters, set.Glyphs));
            }
            subsets[typeface] = subset;
        }
        Collecting = false;
    }

    public SKTypeface Typeface(SKTypeface full) => subsets.GetValueOrDefault(full, full);

    /// <summary>The same font (size, metrics, emboldening, slant) on the subset typeface.</summary>
    public SKFont Font(SKFont full)
    {
        if (!fonts.TryGetValue(full, out var font))
        {
            font = Copy(full, Typeface(full.Typeface));
            fonts[full] = font;
        }
        return font;
    }

    public static SKFont Copy(SKFont font, SKTypeface typeface) => new(typeface, font.Size)
    {
        Subpixel = font.Subpixel, LinearMetrics = font.LinearMetrics, Hinting = font.Hinting, Edging = font.Edging,
        Embolden = font.Embolden, SkewX = font.SkewX, ScaleX = font.ScaleX,
    };

    public void Dispose()
    {
        foreach (var f in fonts.Values)
            f.Dispose();
    }

    /// <summary>The characters and glyphs as one string, sorted: the key of a subset.</summary>
    private static string Signature(HashSet<uint> characters, HashSet<uint> glyphs)
    {
        var text = new StringBuilder((characters.Count + glyphs.Count + 1) * 3);
        foreach (var c in characters.Order())
            text.Append(c).Append(',');
        text.Append('|');
        foreach (var g in glyphs.Order())
            text.Append(g).Append(',');
        return text.ToString();
    }

    private static SKTypeface Subset(HarfBuzzSharp.Face face, HashSet<uint> characters, HashSet<uint> glyphs)
    {
        var input = Native.hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero)
            throw new InvalidOperationException("HarfBuzz could not start a font subset");
        try
        {
            Native.hb_subset_input_set_flags(input, Native.RetainGids);
            var unicodes = Native.hb_subset_input_unicode_set(input);
            foreach (var c in characters)
                Native.hb_set_add(unicodes, c);
            var glyphSet = Native.hb_subset_input_glyph_set(input);
            foreach (var g in glyphs)
                Native.hb_set_add(glyphSet, g);
            var drop = Native.hb_subset_input_set(input, Native.DropTableTags);
            foreach (var table in (ReadOnlySpan<string>)["GSUB", "GPOS", "GDEF", "kern"])
                Native.hb_set_add(drop, Tag(table));
            var subset = Native.hb_subset_or_fail(face.Handle, input);
            if (subset == IntPtr.Zero)
                throw new InvalidOperationException("HarfBuzz could not subset a document font");
            var blob = Native.hb_face_reference_blob(subset);
            try
            {
                var data = Native.hb_blob_get_data(blob, out var length);
                var bytes = new byte[length];
                Marshal.Copy(data, bytes, 0, (int)length);
                using var skData = SKData.CreateCopy(bytes);
                return SKTypeface.FromData(skData) ?? throw new InvalidOperationException("the subset font could not be read");
            }
            finally
            {
                Native.hb_blob_destroy(blob);
                Native.hb_face_destroy(subset);
            }
        }
        finally
        {
            Native.hb_subset_input_destroy(input);
        }
    }

    private static uint Tag(string tag) => (uint)(tag[0] << 24 | tag[1] << 16 | tag[2] << 8 | tag[3]);

    /// <summary>hb-subset, exported by HarfBuzzSharp's native library but not wrapped by its managed API.</summary>
    private static class Native
    {
        private const string Library = "libHarfBuzzSharp";
        public const uint RetainGids = 0x2;      // HB_SUBSET_FLAGS_RETAIN_GIDS
        public const int DropTableTags = 3;      // HB_SUBSET_SETS_DROP_TABLE_TAG

        [DllImport(Library)] public static extern IntPtr hb_subset_input_create_or_fail();
        [DllImport(Library)] public static extern void hb_subset_input_destroy(IntPtr input);
        [DllImport(Library)] public static extern void hb_subset_input_set_flags(IntPtr input, uint flags);
        [DllImport(Library)] public static extern IntPtr hb_subset_input_unicode_set(IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_subset_input_glyph_set(IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_subset_input_set(IntPtr input, int setType);
        [DllImport(Library)] public static extern void hb_set_add(IntPtr set, uint codepoint);
        [DllImport(Library)] public static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_face_reference_blob(IntPtr face);
        [DllImport(Library)] public static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
        [DllImport(Library)] public static extern void hb_blob_destroy(IntPtr blob);
        [DllImport(Library)] public static extern void hb_face_destroy(IntPtr face);
    }
}
