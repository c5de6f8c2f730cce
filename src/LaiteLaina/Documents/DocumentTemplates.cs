using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Fluid;

namespace LaiteLaina.Documents;

/// <summary>One loaded template: Markdown with Liquid placeholders, validated against the model when loaded.</summary>
public sealed record DocumentTemplate(
    string FileName, string Origin, DocumentKind Kind, string Language, int Version, string Title, IFluidTemplate Fluid);

/// <summary>
/// Finds the template for a kind and language: a file of the same name under &lt;data dir&gt;/templates/
/// wins over the one built into the app, so an administrator can change the wording without a rebuild.
/// An override is re-read when its file changes.
/// </summary>
public sealed partial class DocumentTemplates(string? dataDirectory)
{
    private const string ResourcePrefix = "Templates.";
    private static readonly FluidParser Parser = new();

    private readonly ConcurrentDictionary<string, (DateTime Stamp, DocumentTemplate Template)> cache = new();

    public string? OverrideDirectory { get; } = dataDirectory is null ? null : Path.Combine(dataDirectory, "templates");

    public static string FileName(DocumentKind kind, string language) => $"{DocumentKinds.FileStem(kind)}.{language}.md";

    public DocumentTemplate Get(DocumentKind kind, string language)
    {
        var name = FileName(kind, DocumentLanguages.Check(language));
        if (OverrideDirectory is not null)
        {
            var path = Path.Combine(OverrideDirectory, name);
            var info = new FileInfo(path);
            if (info.Exists)
            {
                var stamp = info.LastWriteTimeUtc;
                if (cache.TryGetValue(path, out var hit) && hit.Stamp == stamp)
                    return hit.Template;
                var loaded = Parse(name, path, File.ReadAllText(path));
                cache[path] = (stamp, loaded);
                return loaded;
            }
        }
        return cache.GetOrAdd("builtin:" + name, _ => (DateTime.MinValue, Parse(name, name + " (built-in)", ReadBuiltIn(name)))).Template;
    }

    /// <summary>Loads every template of every kind and language, so a broken override shows at start, not at a loan.</summary>
    public IReadOnlyList<DocumentTemplate> LoadAll() =>
        [.. from kind in Enum.GetValues<DocumentKind>() from language in DocumentLanguages.All select Get(kind, language)];

    private static string ReadBuiltIn(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"built-in template {name} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Reads the front matter (version, title), parses the Liquid and checks every placeholder against the
    /// model. Front matter lines are kept as blank lines so that Fluid's and our line numbers are file lines.
    /// </summary>
    public static DocumentTemplate Parse(string fileName, string origin, string text)
    {
        var parts = fileName.Split('.');
        if (parts.Length != 3 || parts[2] != "md")
            throw new UserError(Msg.TemplateName.With(origin), UserErrorKind.Invalid, "template");
        var kind = DocumentKinds.Parse(parts[0]);
        var language = DocumentLanguages.Check(parts[1]);

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
            throw Error(origin, 1, Msg.TemplateFrontMatterStart);
        var end = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (end < 0)
            throw Error(origin, 1, Msg.TemplateFrontMatterOpen);
        var fields = new Dictionary<string, (string Value, int Line)>();
        for (var i = 1; i < end; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                fields[lines[i][..colon].Trim()] = (lines[i][(colon + 1)..].Trim(), i + 1);
        }
        if (!fields.TryGetValue("version", out var v) || !int.TryParse(v.Value, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw Error(origin, fields.TryGetValue("version", out var at) ? at.Line : 1, Msg.TemplateVersion);
        if (!fields.TryGetValue("title", out var title) || title.Value.Length == 0)
            throw Error(origin, 1, Msg.TemplateTitle);

        var body = new string('\n', end + 1) + string.Join('\n', lines.Skip(end + 1));
        CheckPlaceholders(origin, body, DocumentKinds.KnownPaths(kind));
        if (!Parser.TryParse(body, out var fluid, out var error))
            throw new UserError(Msg.TemplateParse.With(origin, error), UserErrorKind.Invalid, "template");
        return new DocumentTemplate(fileName, origin, kind, language, version, title.Value, fluid);
    }

    private static UserError Error(string origin, int line, Message message) =>
        new(Msg.TemplateLine.With(origin, line, message), UserErrorKind.Invalid, "template");

    private static readonly HashSet<string> Keywords =
        ["and", "or", "not", "contains", "true", "false", "nil", "null", "empty", "blank", "in", "reversed", "limit", "offset", "with", "as"];

    // Tags whose arguments hold no variable we need to check.
    private static readonly HashSet<string> PlainTags =
        ["endfor", "else", "endif", "endunless", "endcase", "break", "continue", "comment", "endcomment", "raw", "endraw", "endcapture", "when"];

    /// <summary>
    /// Fluid's syntax tree keeps no line numbers, so placeholders are found by scanning the {{ }} and {% %}
    /// markup: every variable path must be a field of the model, a loop variable, or assigned in the template.
    /// </summary>
    private static void CheckPlaceholders(string origin, string body, IReadOnlySet<string> known)
    {
        var locals = new HashSet<string>(StringComparer.Ordinal) { "forloop" };
        foreach (Match m in MarkupPattern().Matches(body))
        {
            var line = 1 + body.AsSpan(0, m.Index).Count('\n');
            var isTag = m.Value.StartsWith("{%", StringComparison.Ordinal);
            var inner = m.Value[2..^2].Trim('-', ' ', '\t', '\n');
            var expressions = new List<string>();
            if (isTag)
            {
                var space = inner.IndexOfAny([' ', '\t', '\n']);
                var tag = space < 0 ? inner : inner[..space];
                var rest = space < 0 ? "" : inner[(space + 1)..].Trim();
                if (PlainTags.Contains(tag))
                    continue;
                switch (tag)
                {
                    case "for":
                        var forMatch = ForPattern().Match(rest);
                        if (!forMatch.Success)
                            throw Error(origin, line, Msg.TemplateCannotRead.With($"{{% {inner} %}}", "{% for item in list %}"));
                        locals.Add(forMatch.Groups[1].Value);
                        expressions.Add(forMatch.Groups[2].Value);
                        break;
                    case "assign":
                        var eq = rest.IndexOf('=', StringComparison.Ordinal);
                        if (eq < 0)
                            throw Error(origin, line, Msg.TemplateCannotRead.With($"{{% {inner} %}}", "{% assign name = value %}"));
                        locals.Add(rest[..eq].Trim());
                        expressions.Add(rest[(eq + 1)..]);
                        break;
                    case "capture":
                        locals.Add(rest);
                        break;
                    default:
                        expressions.Add(rest); // if, elsif, unless, case and the like: the rest is an expression
                        break;
                }
            }
            else
            {
                expressions.Add(inner);
            }

            foreach (var expression in expressions)
            {
                foreach (var path in VariablePaths(expression))
                {
                    var root = path.Split('.')[0];
                    if (locals.Contains(root) || known.Contains(path))
                        continue;
                    throw Error(origin, line, Msg.TemplateUnknownPlaceholder.With(path, string.Join(", ", known.Order(StringComparer.Ordinal))));
                }
            }
        }
    }

    /// <summary>The variable paths in one expression: string literals, filter names and keywords are skipped.</summary>
    private static IEnumerable<string> VariablePaths(string expression)
    {
        var withoutStrings = StringLiteralPattern().Replace(expression, "\"\"");
        var pieces = withoutStrings.Split('|');
        for (var i = 0; i < pieces.Length; i++)
        {
            var piece = pieces[i];
            if (i > 0)
            {
                // "filter: arg, arg": the filter name is not a variable, its arguments may be.
                var colon = piece.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0)
                    continue;
                piece = piece[(colon + 1)..];
            }
            foreach (Match m in PathPattern().Matches(piece))
            {
                // "limit: 3" inside a for tag: a named parameter, not a variable.
                if (m.Index + m.Length < piece.Length && piece[m.Index + m.Length] == ':')
                    continue;
                var path = IndexPattern().Replace(m.Value, "");
                if (!Keywords.Contains(path))
                    yield return path;
            }
        }
    }

    [GeneratedRegex(@"\{\{.*?\}\}|\{%.*?%\}", RegexOptions.Singleline)]
    private static partial Regex MarkupPattern();

    [GeneratedRegex(@"^([A-Za-z_][\w-]*)\s+in\s+(.+)$", RegexOptions.Singleline)]
    private static partial Regex ForPattern();

    [GeneratedRegex(@"'[^']*'|""[^""]*""")]
    private static partial Regex StringLiteralPattern();

    [GeneratedRegex(@"(?<![\w.\]])[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex IndexPattern();
}
