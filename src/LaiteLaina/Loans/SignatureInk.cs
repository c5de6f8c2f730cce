using SkiaSharp;

namespace LaiteLaina.Loans;

/// <summary>
/// Whether a signature drawn on the pad has anything in it. The page refuses an untouched pad before it posts, but a
/// tap, a slip of the finger or a program's blank PNG must not become "the signed agreement" either: the image needs
/// some ink, spread over a real part of the box.
/// </summary>
public static class SignatureInk
{
    /// <summary>Of all pixels, at least this share must be ink (a 720×240 pad: 86 pixels, a short stroke).</summary>
    public const double LeastInk = 0.0005;

    /// <summary>The ink must reach across at least this share of the box's width or height, so a dot is no signature.</summary>
    public const double LeastSpan = 0.08;

    public static void Require(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw UserError.Invalid("signature", Msg.ValueNotAnImage, Msg.SignatureUnreadable);
        if (!HasInk(bitmap))
            throw new UserError(Msg.SignatureBlank, UserErrorKind.Invalid, "signature");
    }

    private static bool HasInk(SKBitmap bitmap)
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
        return ink >= LeastInk * bitmap.Width * bitmap.Height
               && (right - left >= LeastSpan * bitmap.Width || bottom - top >= LeastSpan * bitmap.Height);
    }
}
