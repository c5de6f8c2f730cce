using System.Data.Common;
using System.Security.Cryptography;

namespace LaiteLaina.Tests.Documents;

public class DocumentStoreTests(Engine engine) : DatabaseTest(engine)
{
    private static readonly DocumentRenderer Renderer = new(new DocumentTemplates(null));
    private static readonly DocumentSubject Loan42 = new("loan", 42, "LL-LOAN-000042");

    private Task<StoredDocument> IssueAsync(DocumentKind kind = DocumentKind.LoanAgreement, string language = "fi") =>
        Db.WriteAsync((c, tx) => new DocumentStore(Db).IssueAsync(c, tx, Renderer.Render(kind, language, Samples.Loan()), Loan42, "pekka"));

    [Test]
    public async Task IssueAsync_NewDocument_StoredWithHashOfItsBytes()
    {
        var issued = await IssueAsync();

        var stored = await new DocumentStore(Db).GetAsync(issued.Id);

        Assert.Multiple(() =>
        {
            Assert.That(stored.Version, Is.EqualTo(1));
            Assert.That(stored.Kind, Is.EqualTo("loan-agreement"));
            Assert.That(stored.Language, Is.EqualTo("fi"));
            Assert.That(stored.TemplateName, Is.EqualTo("loan-agreement.fi.md"));
            Assert.That(stored.TemplateVersion, Is.EqualTo(new DocumentTemplates(null).BuiltIn(DocumentKind.LoanAgreement, "fi").Version));
            Assert.That(stored.CreatedBy, Is.EqualTo("pekka"));
            Assert.That(stored.SubjectKey, Is.EqualTo("LL-LOAN-000042"));
            Assert.That(stored.Content, Is.EqualTo(issued.Content));
            Assert.That(stored.Sha256, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(stored.Content))));
        });
    }

    [Test]
    public async Task IssueAsync_SameSubjectAndKindAgain_NextVersion()
    {
        await IssueAsync();
        var other = await IssueAsync(DocumentKind.ReturnReceipt);
        var second = await IssueAsync(language: "sv");

        Assert.Multiple(() =>
        {
            Assert.That(other.Version, Is.EqualTo(1));
            Assert.That(second.Version, Is.EqualTo(2));
        });
        Assert.That((await new DocumentStore(Db).ForSubjectAsync("loan", 42)).Select(d => (d.Kind, d.Version)),
            Is.EqualTo(new[] { ("loan-agreement", 1), ("loan-agreement", 2), ("return-receipt", 1) }));
    }

    [Test]
    public async Task ForSubjectAsync_List_WithoutThePdfsWhichGetAsyncOpens()
    {
        var issued = await IssueAsync();
        var store = new DocumentStore(Db);
        var listed = (await store.ForSubjectAsync("loan", 42)).Single();
        Assert.That((listed.Id, listed.Sha256, listed.Content.Length), Is.EqualTo((issued.Id, issued.Sha256, 0)));
        Assert.That((await store.GetAsync(listed.Id)).Content, Is.EqualTo(issued.Content));
    }

    [Test]
    public async Task IssueAsync_CallerRollsBack_NothingStored()
    {
        var store = new DocumentStore(Db);
        await using (var c = await Db.OpenAsync())
        await using (var tx = await c.BeginTransactionAsync())
        {
            await store.IssueAsync(c, tx, Renderer.Render(DocumentKind.LoanAgreement, "en", Samples.Loan()), Loan42, "pekka");
            await tx.RollbackAsync();
        }

        Assert.That(await store.ForSubjectAsync("loan", 42), Is.Empty);
    }

    [TestCase("UPDATE documents SET language = 'en'")]
    [TestCase("UPDATE documents SET content = @bytes")]
    [TestCase("DELETE FROM documents")]
    public async Task Change_IssuedDocument_Refused(string sql)
    {
        await IssueAsync();

        Assert.That(() => Db.WriteAsync((c, tx) => c.ExecuteAsync(sql, new { bytes = new byte[] { 1 } }, tx)),
            Throws.InstanceOf<DbException>().With.Message.Contains("immutable"));
    }

    [Test]
    public void GetAsync_Missing_ThrowsNotFound() =>
        Assert.That(() => new DocumentStore(Db).GetAsync(999), Throws.TypeOf<UserError>().With.Property(nameof(UserError.Kind)).EqualTo(UserErrorKind.NotFound));
}
