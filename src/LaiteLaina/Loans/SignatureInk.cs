using SkiaSharp;

namespace LaiteLaina.Loans;

/// <summary>
/// Whether a signature drawn on the pad has anything in it. The page refuses an untouched pad before it posts, but a
/// tap, a slip of the finger or a program's blank PNG must not become "the signed agreement" either: the image needs
/// some ink, spread over a real part of the box. The page's pad, the API and a signature sent with a check-out all
/// pass through <see cref="Require"/>.
/// </summary>
public static class SignatureInk
{
    /// <summary>Of all pixels, at least this share must be ink (a 720×240 pad: 86 pixels, a short stroke).</summary>
    public const double LeastInk = 0.0005;

    /// <summary>
    /// The ink's longer side must reach across at least this share of the pad's longer side. The agreement draws a
    /// 720×240 pad about 126 pt wide, so 15 % is some 19 pt, under 7 mm on paper: a tick or a dot is no signature.
    /// (It was 8 % of the width or of the height, which let a 20-pixel tick through, barely a millimetre tall in print.)
    /// </summary>
    public const double LeastSpan = 0.15;

    public static void Require(byte[] png)
    {
        if (png.Length == 0)
            throw UserError.Invalid("signature", null, Msg.SignatureMissing);
        using var bitmap = SKBitmap.Decode(png) ?? throw UserError.Invalid("signature", Msg.ValueNotAnImage, Msg.SignatureUnreadable);
        var (ink, span) = Measure(bitmap);
        if (ink < LeastInk * bitmap.Width * bitmap.Height)
            throw new UserError(Msg.SignatureBlank, UserErrorKind.Invalid, "signature");
        if (span < LeastSpan * Math.Max(bitmap.Width, bitmap.Height))
            throw new UserError(Msg.SignatureTooSmall, UserErrorKind.Invalid, "signature");
    }

    /// <summary>The number of ink pixels and the longer side of the box around them.</summary>
    private static (long Ink, int Span) Measure(SKBitmap bitmap)
    {
        var (ink, left, right, top, bottom) = (0L, int.MaxValue, -1, int.MaxValue, -1);
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                // Ink is what is both visible and darker than paper: the pad's background is transparent, a scan's is white.
                var p = bitmap.GetPixel(x, y);
                if (p.Alpha < 64 || (p.Red + p.Green + p.Blue) / 3 > 200)
                    continue;
                ink++;
                (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
            }
        }
        return ink == 0 ? (0, 0) : (ink, Math.Max(right - left, bottom - top) + 1);
    }
}
