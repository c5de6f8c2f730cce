using System.Security.Cryptography;
using Fluid;

namespace LaiteLaina.Documents;

/// <summary>What was issued: enough to show later exactly which wording and bytes the borrower signed.</summary>
public sealed record DocumentInfo(
    DocumentKind Kind, string Language, string TemplateName, int TemplateVersion, string Sha256, DateTimeOffset CreatedAt);

public sealed record RenderedDocument(byte[] Pdf, DocumentInfo Info)
{
    /// <summary>What an agreement was laid out from, stored with it so that it can be signed as it was.</summary>
    public FrozenAgreement? Source { get; init; }
}

/// <summary>Template + model → Markdown → layout blocks → PDF.</summary>
public sealed class DocumentRenderer(DocumentTemplates templates, TimeProvider? clock = null)
{
    private static readonly TemplateOptions Options = new();

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public DocumentTemplates Templates => templates;

    public RenderedDocument Render(DocumentKind kind, string language, AgreementModel model)
    {
        var (template, markdown) = RenderMarkdown(kind, language, model);
        var source = new FrozenAgreement
        {
            Kind = template.Kind, Language = template.Language, TemplateName = template.RecordedName, TemplateVersion = template.Version,
            Title = template.Title, Style = template.Style, Markdown = markdown, Model = model,
        };
        return ToPdf(source, null) with { Source = source };
    }

    /// <summary>
    /// The signed version of <paramref name="shown"/>, the unsigned version the borrower read: its own words, template and settings, not today's, with the
    /// signature drawn on the borrower's line and <see cref="AgreementSignature.Lines"/> under the signature lines.
    /// </summary>
    public RenderedDocument RenderSigned(FrozenAgreement shown, byte[] signaturePng, AgreementSignature signature)
    {
        ValidateSignature(signaturePng);
        var signed = shown with { Model = shown.Model with { SignatureImagePng = signaturePng }, Signature = signature };
        return ToPdf(signed, signature.Lines) with { Source = signed };
    }

    /// <summary>A sanitisation certificate, or with <paramref name="kind"/> a user profile removal record; its QR code carries
    /// the device's tag and nothing else.</summary>
    public RenderedDocument Render(CertificateModel model, string language, DocumentKind kind = DocumentKind.SanitisationCertificate) =>
        Render(templates.Get(kind, language), model);

    /// <summary>A certificate from a given template: the office's draft in a preview.</summary>
    public RenderedDocument Render(DocumentTemplate template, CertificateModel model) =>
        ToPdf(template, Fill(template, CertificateModelValues.Build(model, template.Language)), model.Organisation.Name, model.Device.Tag, null);

    /// <summary>An agreement from a given template: the office's draft in a preview.</summary>
    public RenderedDocument Render(DocumentTemplate template, AgreementModel model)
    {
        ValidateSignature(model.SignatureImagePng);
        return ToPdf(template, Fill(template, AgreementModelValues.Build(model, template.Language)), model.Organisation.Name, model.LoanReference,
            model.SignatureImagePng);
    }

    /// <summary>The filled-in Markdown: what the PDF shows, also used for an HTML rendering of the same text.</summary>
    public (DocumentTemplate Template, string Markdown) RenderMarkdown(DocumentKind kind, string language, AgreementModel model)
    {
        if (!DocumentKinds.Agreements.Contains(kind))
            throw new ArgumentException($"{DocumentKinds.FileStem(kind)} is not written from a loan", nameof(kind));
        ValidateSignature(model.SignatureImagePng);
        var template = templates.Get(kind, language);
        return (template, Fill(template, AgreementModelValues.Build(model, template.Language)));
    }

    private static string Fill(DocumentTemplate template, Dictionary<string, object?> values)
    {
        var context = new TemplateContext(Options);
        foreach (var (name, value) in values)
            context.SetValue(name, value);
        // Values are already escaped for Markdown; an HTML encoder would turn "ä" into "&#xE4;".
        return template.Fluid.Render(context, NullEncoder.Default);
    }

    private RenderedDocument ToPdf(DocumentTemplate template, string markdown, string organisation, string reference, byte[]? signaturePng) =>
        ToPdf(new Layout(template.Kind, template.Language, template.RecordedName, template.Version, template.Title, template.Style, markdown,
            organisation, reference, signaturePng, null));

    private RenderedDocument ToPdf(FrozenAgreement source, IReadOnlyList<string>? signedLines) =>
        ToPdf(new Layout(source.Kind, source.Language, source.TemplateName, source.TemplateVersion, source.Title, source.Style, source.Markdown,
            source.Model.Organisation.Name, source.Model.LoanReference, source.Model.SignatureImagePng, signedLines));

    /// <summary>What a document is laid out from, whether from a template now or from the frozen source of one shown earlier.</summary>
    private sealed record Layout(DocumentKind Kind, string Language, string TemplateName, int TemplateVersion, string Title, DocumentStyle Style,
        string Markdown, string Organisation, string Reference, byte[]? SignaturePng, IReadOnlyList<string>? SignedLines);

    private RenderedDocument ToPdf(Layout d)
    {
        var created = clock.GetUtcNow();
        var blocks = MarkdownBlocks.Convert(d.Markdown, d.Reference, d.SignaturePng, d.Style, d.SignedLines);
        var pdf = PdfLayout.Render(blocks,
            new PdfPageText(d.Organisation, d.Title, d.Reference),
            new PdfMetadata($"{d.Title} {d.Reference}", d.Title, d.Language, created), d.Style);
        var info = new DocumentInfo(d.Kind, d.Language, d.TemplateName, d.TemplateVersion, Convert.ToHexStringLower(SHA256.HashData(pdf)), created);
        return new RenderedDocument(pdf, info);
    }

    private static void ValidateSignature(byte[]? png)
    {
        if (png is null)
            return;
        using var image = SkiaSharp.SKImage.FromEncodedData(png);
        if (image is null)
            throw UserError.Invalid("signature image", Msg.DocumentBytes.With(png.Length), Msg.DocumentSignatureImage);
    }
}
