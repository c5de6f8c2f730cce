using System.Text.Json.Serialization;

namespace LaiteLaina.Documents;

/// <summary>
/// What an issued agreement was laid out from: the filled-in text itself and the model with the template and settings of
/// that moment. Signing lays out these same words again with the signature (<see cref="DocumentRenderer.RenderSigned"/>),
/// so the signed version says what the borrower read even when a template or a setting changed in between.
/// </summary>
public sealed record FrozenAgreement
{
    public required DocumentKind Kind { get; init; }
    public required string Language { get; init; }
    public required string TemplateName { get; init; }
    public required int TemplateVersion { get; init; }

    /// <summary>The template's title as it was: it heads every page and names the PDF.</summary>
    public required string Title { get; init; }

    /// <summary>The template's layout as it was: a plain-language agreement is signed in the same large type it was read in.</summary>
    public DocumentStyle Style { get; init; }

    /// <summary>Stored in a column of its own (it is what a reader checks), so not in the model's JSON.</summary>
    [JsonIgnore]
    public string Markdown { get; init; } = "";

    public required AgreementModel Model { get; init; }

    /// <summary>Set on a signed version: who signed which version, where and when.</summary>
    public AgreementSignature? Signature { get; init; }
}

/// <summary>
/// A signature added to a frozen agreement. <paramref name="Lines"/> are printed under the signature lines in the
/// document's language (the loans feature words them); <paramref name="SignsVersion"/> and <paramref name="SignsSha256"/>
/// name the stored unsigned version the signature is given to.
/// </summary>
public sealed record AgreementSignature(string Signer, string Place, DateTimeOffset SignedAt, int SignsVersion, string SignsSha256,
    IReadOnlyList<string> Lines);
