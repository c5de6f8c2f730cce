using System.Security.Cryptography;
using Fluid;

namespace LaiteLaina.Documents;

/// <summary>What was issued: enough to show later exactly which wording and bytes the borrower signed.</summary>
public sealed record DocumentInfo(
    DocumentKind Kind, string Language, string TemplateName, int TemplateVersion, string Sha256, DateTimeOffset CreatedAt);

public sealed record RenderedDocument(byte[] Pdf, DocumentInfo Info);

/// <summary>Template + model → Markdown → layout blocks → PDF.</summary>
public sealed class DocumentRenderer(DocumentTemplates templates, TimeProvider? clock = null)
{
    private static readonly TemplateOptions Options = new();

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    public DocumentTemplates Templates => templates;

    public RenderedDocument Render(DocumentKind kind, string language, AgreementModel model)
    {
        var (template, markdown) = RenderMarkdown(kind, language, model);
        var created = clock.GetUtcNow();
        var blocks = MarkdownBlocks.Convert(markdown, model.LoanReference, model.SignatureImagePng);
        var pdf = PdfLayout.Render(blocks,
            new PdfPageText(model.Organisation.Name, template.Title, model.LoanReference),
            new PdfMetadata($"{template.Title} {model.LoanReference}", template.Title, template.Language, created));
        var info = new DocumentInfo(kind, template.Language, template.FileName, template.Version,
            Convert.ToHexStringLower(SHA256.HashData(pdf)), created);
        return new RenderedDocument(pdf, info);
    }

    /// <summary>The filled-in Markdown: what the PDF shows, also used for an HTML rendering of the same text.</summary>
    public (DocumentTemplate Template, string Markdown) RenderMarkdown(DocumentKind kind, string language, AgreementModel model)
    {
        ValidateSignature(model.SignatureImagePng);
        var template = templates.Get(kind, language);
        var context = new TemplateContext(Options);
        foreach (var (name, value) in AgreementModelValues.Build(model, template.Language))
            context.SetValue(name, value);
        // Values are already escaped for Markdown; an HTML encoder would turn "ä" into "&#xE4;".
        return (template, template.Fluid.Render(context, NullEncoder.Default));
    }

    private static void ValidateSignature(byte[]? png)
    {
        if (png is null)
            return;
        using var image = SkiaSharp.SKImage.FromEncodedData(png);
        if (image is null)
            throw UserError.Invalid("signature image", $"{png.Length} bytes", "a PNG or JPEG image");
    }
}
