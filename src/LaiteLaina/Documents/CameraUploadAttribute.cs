namespace LaiteLaina.Documents;

/// <summary>
/// A page or endpoint that takes a camera's photo: bodies up to <see cref="CodeReader.MaxBytes"/> (the service's
/// default is 4 MB), and the whole upload kept in memory, where ASP.NET would otherwise buffer a file over 64 KB to a
/// temporary file: a photo of a desk may show more than the label, and it is never written to disk.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class CameraUploadAttribute : Attribute, Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata, Microsoft.AspNetCore.Http.Metadata.IFormOptionsMetadata
{
    /// <summary>The photo and the form's few fields beside it.</summary>
    private const int Limit = CodeReader.MaxBytes + 64 * 1024;

    public long? MaxRequestBodySize => Limit;

    public bool? BufferBody => null;

    public int? MemoryBufferThreshold => Limit;

    public long? BufferBodyLengthLimit => Limit;

    public int? ValueCountLimit => null;

    public int? KeyLengthLimit => null;

    public int? ValueLengthLimit => null;

    public int? MultipartBoundaryLengthLimit => null;

    public int? MultipartHeadersCountLimit => null;

    public int? MultipartHeadersLengthLimit => null;

    public long? MultipartBodyLengthLimit => Limit;

    /// <summary>The uploaded picture's bytes, from memory (see above).</summary>
    public static async Task<byte[]> BytesAsync(IFormFile? photo, CancellationToken ct)
    {
        if (photo is null || photo.Length == 0)
            throw new UserError(Msg.CameraPhotoMissing, UserErrorKind.Invalid, "photo");
        if (photo.Length > CodeReader.MaxBytes)
            throw CodeReader.TooLarge(photo.Length);
        using var memory = new MemoryStream((int)photo.Length);
        await photo.CopyToAsync(memory, ct);
        return memory.ToArray();
    }
}
