using LaiteLaina.Documents;
using UglyToad.PdfPig;

namespace LaiteLaina.Tests.Documents;

public class DocumentRendererTests
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));

    [Test]
    public void Render_FinnishLoanAgreement_WritesSample()
    {
        var doc = Renderer.Render(DocumentKind.LoanAgreement, "fi", Samples.Loan());
        File.WriteAllBytes("/tmp/ll-fi.pdf", doc.Pdf);
        File.WriteAllBytes("/tmp/ll-stress.pdf", Renderer.Render(DocumentKind.LoanAgreement, "fi", Samples.Stress()).Pdf);
        Assert.That(doc.Pdf.Length, Is.GreaterThan(1000));
    }
}
