using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Fluid;

namespace LaiteLaina.Documents;

/// <summary>One loaded template: Markdown with Liquid placeholders, validated against the model when loaded.
/// <paramref name="Body"/> is the text after the front matter, as an administrator edits it.</summary>
public sealed record DocumentTemplate(
    string FileName, string Origin, DocumentKind Kind, string Language, int Version, string Title, IFluidTemplate Fluid, string Body = "")
{
    /// <summary>Whether this is the office's own version from the data directory rather than the one built into the app.</summary>
    public bool IsOffice { get; init; }

    /// <summary>How the text is laid out: from the front matter's "style:", so that a plain-language expert who edits the
    /// file also chooses the large, one-fact-per-line layout of plain Finnish.</summary>
    public DocumentStyle Style { get; init; }

    /// <summary>What a stored document records as its template: an office's version is named by its place in the data
    /// directory, so that its version numbers can never be read as the built-in text's.</summary>
    public string RecordedName => IsOffice ? DocumentTemplates.OfficeFolder + "/" + FileName : FileName;
}

/// <summary>
/// Finds the template for a kind and language: a file of the same name under &lt;data dir&gt;/templates/
/// wins over the one built into the app, so an administrator can change the wording without a rebuild.
/// An override is re-read when its file changes.
/// </summary>
public sealed partial class DocumentTemplates(string? dataDirectory)
{
    /// <summary>The folder of the data directory that holds the office's own versions.</summary>
    public const string OfficeFolder = "templates";

    private const string ResourcePrefix = "Templates.";
    private static readonly FluidParser Parser = new();

    private readonly ConcurrentDictionary<string, (DateTime Stamp, DocumentTemplate Template)> cache = new();

    public string? OverrideDirectory { get; } = dataDirectory is null ? null : Path.Combine(dataDirectory, OfficeFolder);

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
                var loaded = Parse(name, path, File.ReadAllText(path)) with { IsOffice = true };
                cache[path] = (stamp, loaded);
                return loaded;
            }
        }
        return BuiltIn(kind, language);
    }

    /// <summary>The text built into the app, whether or not the office has its own version.</summary>
    public DocumentTemplate BuiltIn(DocumentKind kind, string language)
    {
        var name = FileName(kind, DocumentLanguages.Check(language));
        return cache.GetOrAdd("builtin:" + name, _ => (DateTime.MinValue, Parse(name, name + " (built-in)", ReadBuiltIn(name)))).Template;
    }

    /// <summary>Loads every template of every kind and language, so a broken override shows at start, not at a loan.</summary>
    public IReadOnlyList<DocumentTemplate> LoadAll() =>
        [.. from kind in Enum.GetValues<DocumentKind>() from language in DocumentLanguages.All select Get(kind, language)];

    /// <summary>Loads the office's own versions, so a broken one shows at start. Not the built-in ones: parsing them all
    /// at start kept the Liquid parser and every template in memory (4.5 MiB) in a service that may make no document
    /// all day.</summary>
    public IReadOnlyList<DocumentTemplate> LoadOverrides() =>
        OverrideDirectory is null ? [] :
        [.. from kind in Enum.GetValues<DocumentKind>()
            from language in DocumentLanguages.All
            where File.Exists(Path.Combine(OverrideDirectory, FileName(kind, language)))
            select Get(kind, language)];

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
        var style = DocumentStyle.Standard;
        if (fields.TryGetValue("style", out var styleField) && !Styles.TryGetValue(styleField.Value, out style))
            throw Error(origin, styleField.Line, Msg.TemplateStyle);

        // Blank lines in place of the front matter, so that the body's line numbers are the file's.
        var body = string.Join('\n', lines.Skip(end + 1));
        var fluid = Check(kind, origin, new string('\n', end + 1) + body);
        return new DocumentTemplate(fileName, origin, kind, language, version, title.Value, fluid, body) { Style = style };
    }

    /// <summary>A body as an administrator types it (no front matter; line 1 is its first line), checked as a file
    /// would be: what the page saves, or refuses naming the line, before anything is written.</summary>
    public static DocumentTemplate ParseBody(DocumentKind kind, string language, int version, string title, string origin, string body)
    {
        body = body.Replace("\r\n", "\n", StringComparison.Ordinal);
        return new DocumentTemplate(FileName(kind, language), origin, kind, language, version, title, Check(kind, origin, body), body);
    }

    /// <summary>The file an office's version is kept in: the front matter, then the body. The style is written only when it is
    /// not the standard one, as in the built-in files.</summary>
    public static string FileText(int version, string title, string body, DocumentStyle style = DocumentStyle.Standard) =>
        $"---\nversion: {version.ToString(CultureInfo.InvariantCulture)}\ntitle: {title}\n"
        + (style == DocumentStyle.Standard ? "" : $"style: {style.ToString().ToLowerInvariant()}\n") + $"---\n{body}";

    private static IFluidTemplate Check(DocumentKind kind, string origin, string body)
    {
        CheckMarkup(origin, body);
        CheckPlaceholders(origin, body, DocumentKinds.KnownPaths(kind));
        if (Parser.TryParse(body, out var fluid, out var error))
            return fluid;
        throw Error(origin, FluidLine(error), FluidProblem(error));
    }

    private static readonly Dictionary<string, DocumentStyle> Styles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["standard"] = DocumentStyle.Standard, ["plain"] = DocumentStyle.Plain,
    };

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
                    throw Error(origin, line, StrictConfiguration.Closest(path, known) is { } like
                        ? Msg.TemplateUnknownPlaceholderLike.With(path, like)
                        : Msg.TemplateUnknownPlaceholder.With(path, string.Join(", ", known.Order(StringComparer.Ordinal))));
                }
            }
        }
    }

    // The block tags and the tag that ends each.
    private static readonly Dictionary<string, string> Blocks = new(StringComparer.Ordinal)
    {
        ["if"] = "endif", ["unless"] = "endunless", ["for"] = "endfor", ["case"] = "endcase",
        ["capture"] = "endcapture", ["comment"] = "endcomment", ["raw"] = "endraw",
    };

    /// <summary>The tags a template may use, named in the refusal of an unknown one.</summary>
    private const string TagList = "if, elsif, else, unless, case, when, for, assign, capture, comment, raw";

    /// <summary>
    /// Unclosed {{ or {%, and blocks opened without their end or ended without their start, each with the line where
    /// it went wrong: Fluid names only the place where it gave up (for a missing endif, the end of the text).
    /// </summary>
    private static void CheckMarkup(string origin, string body)
    {
        int Line(int index) => 1 + body.AsSpan(0, index).Count('\n');
        var open = new Stack<(string Tag, int Line)>();
        var at = 0;
        foreach (Match m in MarkupPattern().Matches(body))
        {
            var inner = m.Value[2..^2];
            var tag = m.Value[1] == '%' ? inner.Trim('-', ' ', '\t', '\n', '\r').Split([' ', '\t', '\n', '\r'], 2)[0] : "";
            // What a raw or comment block holds is text, braces and all, up to its end tag.
            if (open.TryPeek(out var top) && top.Tag is "raw" or "comment")
            {
                at = m.Index + m.Length;
                if (tag == Blocks[top.Tag])
                    open.Pop();
                continue;
            }
            CheckClosed(body[at..m.Index], at);
            if (inner.Contains("{{", StringComparison.Ordinal) || inner.Contains("{%", StringComparison.Ordinal))
                CheckClosed(m.Value[..2], m.Index);
            at = m.Index + m.Length;
            if (tag.Length == 0)
                continue;
            if (Blocks.ContainsKey(tag))
            {
                open.Push((tag, Line(m.Index)));
            }
            else if (Blocks.FirstOrDefault(b => b.Value == tag) is { Key: { } start })
            {
                if (!open.TryPop(out var opened))
                    throw Error(origin, Line(m.Index), Msg.TemplateBlockStray.With($"{{% {tag} %}}", $"{{% {start} … %}}"));
                if (opened.Tag != start)
                    throw Error(origin, Line(m.Index), Msg.TemplateBlockCrossed.With($"{{% {Blocks[opened.Tag]} %}}", $"{{% {opened.Tag} %}}", opened.Line, $"{{% {tag} %}}"));
            }
        }
        CheckClosed(body[at..], at);
        if (open.TryPeek(out var unclosed))
            throw Error(origin, unclosed.Line, Msg.TemplateBlockOpen.With($"{{% {unclosed.Tag} %}}", $"{{% {Blocks[unclosed.Tag]} %}}"));

        void CheckClosed(string text, int offset)
        {
            var curly = text.IndexOf("{{", StringComparison.Ordinal);
            var percent = text.IndexOf("{%", StringComparison.Ordinal);
            if (curly < 0 && percent < 0)
                return;
            var first = curly < 0 ? percent : percent < 0 ? curly : Math.Min(curly, percent);
            var isTag = first == percent;
            throw Error(origin, Line(offset + first), Msg.TemplateMarkupOpen.With(isTag ? "{%" : "{{", isTag ? "%}" : "}}"));
        }
    }

    /// <summary>The line of a Fluid parse error: "... at (7:12)".</summary>
    private static int FluidLine(string? error) =>
        error is not null && FluidPosition().Match(error) is { Success: true } m ? int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : 1;

    /// <summary>Fluid's own words are English and for programmers: the reader gets what would be right instead.</summary>
    private static Message FluidProblem(string? error)
    {
        if (error is not null && FluidTag().Match(error) is { Success: true } m)
        {
            return m.Groups["unknown"].Success
                ? Msg.TemplateUnknownTag.With($"{{% {m.Groups["unknown"].Value} %}}", TagList)
                : Msg.TemplateTagInvalid.With($"{{% {m.Groups["invalid"].Value} %}}", TagExample(m.Groups["invalid"].Value));
        }
        return Msg.TemplateMarkupUnreadable.With("{{ borrower.name }}", "{% if device.imei %} … {% endif %}");
    }

    private static string TagExample(string tag) => tag switch
    {
        "for" => "{% for a in accessories %} … {% endfor %}",
        "assign" => "{% assign who = borrower.name %}",
        "capture" => "{% capture who %} … {% endcapture %}",
        "case" => "{% case device.kind %}{% when 'tablet' %} … {% endcase %}",
        "when" => "{% when 'tablet' %}",
        "unless" => "{% unless device.imei %} … {% endunless %}",
        "elsif" => "{% elsif device.serial %}",
        _ => "{% if device.imei %} … {% endif %}",
    };

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

    [GeneratedRegex(@"at \((\d+):\d+\)")]
    private static partial Regex FluidPosition();

    [GeneratedRegex(@"Unknown tag '(?<unknown>[^']*)'|Invalid '(?<invalid>[^']*)' tag")]
    private static partial Regex FluidTag();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex IndexPattern();
}
