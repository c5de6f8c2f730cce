using System.Text;

namespace LaiteLaina.DeviceSim.Userland;

/// <summary>One command of a pipeline with its redirections.</summary>
public sealed record SimpleCommand(IReadOnlyList<string> Words)
{
    public string? StdoutFile { get; init; }
    public bool AppendStdout { get; init; }
    public string? StderrFile { get; init; }
    public bool StderrToStdout { get; init; }
    public string? StdinFile { get; init; }
}

/// <summary>Commands joined by pipes, and how the next pipeline is chained: ";", "&&" or "||".</summary>
public sealed record Pipeline(IReadOnlyList<SimpleCommand> Commands, string Chain);

/// <summary>
/// The subset of mksh syntax provisioning scripts send through <c>adb shell</c>: quotes, escapes,
/// <c>$?</c> and a few variables, pipes, <c>; &amp;&amp; ||</c> and redirections. Words are
/// expanded while parsing, through the caller's lookup; pipelines are handed out one at a time, so a
/// caller that runs each before asking for the next gets <c>$?</c> of the one before, as mksh does.
/// </summary>
public static class ShellParser
{
    public static IEnumerable<Pipeline> Parse(string line, Func<string, string?> variable)
    {
        var pipelines = new List<Pipeline>();
        var commands = new List<SimpleCommand>();
        var words = new List<string>();
        string? pendingRedirect = null;
        SimpleCommand current = new(words);
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;

        void EndWord()
        {
            if (!inWord)
            {
                return;
            }
            var text = word.ToString();
            word.Clear();
            inWord = false;
            if (pendingRedirect is null)
            {
                words.Add(text);
                return;
            }
            current = pendingRedirect switch
            {
                ">" => current with { StdoutFile = text, AppendStdout = false },
                ">>" => current with { StdoutFile = text, AppendStdout = true },
                "2>" => current with { StderrFile = text },
                _ => current with { StdinFile = text },
            };
            pendingRedirect = null;
        }

        void EndCommand()
        {
            EndWord();
            if (words.Count > 0)
            {
                commands.Add(current with { Words = [.. words] });
            }
            words.Clear();
            current = new SimpleCommand(words);
        }

        void EndPipeline(string chain)
        {
            EndCommand();
            if (commands.Count > 0)
            {
                pipelines.Add(new Pipeline([.. commands], chain));
            }
            commands.Clear();
        }

        while (i < line.Length)
        {
            var c = line[i];
            switch (c)
            {
                case ' ' or '\t':
                    EndWord();
                    i++;
                    break;
                case '\n' or ';':
                    EndPipeline(";");
                    i++;
                    break;
                case '&' when At(line, i, "&&"):
                    EndPipeline("&&");
                    i += 2;
                    break;
                case '|' when At(line, i, "||"):
                    EndPipeline("||");
                    i += 2;
                    break;
                case '|':
                    EndCommand();
                    i++;
                    break;
                case '2' when !inWord && At(line, i, "2>&1"):
                    current = current with { StderrToStdout = true };
                    i += 4;
                    break;
                case '2' when !inWord && At(line, i, "2>"):
                    pendingRedirect = "2>";
                    i += 2;
                    break;
                case '>':
                    EndWord();
                    pendingRedirect = At(line, i, ">>") ? ">>" : ">";
                    i += pendingRedirect.Length;
                    break;
                case '<':
                    EndWord();
                    pendingRedirect = "<";
                    i++;
                    break;
                case '\'':
                    {
                        inWord = true;
                        var end = line.IndexOf('\'', i + 1);
                        end = end < 0 ? line.Length : end;
                        word.Append(line, i + 1, end - i - 1);
                        i = end + 1;
                        break;
                    }
                case '"':
                    inWord = true;
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$')
                        {
                            word.Append(line[i + 1]);
                            i += 2;
                        }
                        else if (line[i] == '$')
                        {
                            i = Expand(line, i, word, variable);
                        }
                        else
                        {
                            word.Append(line[i++]);
                        }
                    }
                    i++;
                    break;
                case '\\' when i + 1 < line.Length:
                    inWord = true;
                    word.Append(line[i + 1]);
                    i += 2;
                    break;
                case '$':
                    inWord = true;
                    i = Expand(line, i, word, variable);
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    i++;
                    break;
            }
            foreach (var pipeline in pipelines)
            {
                yield return pipeline;
            }
            pipelines.Clear();
        }
        EndPipeline(";");
        foreach (var pipeline in pipelines)
        {
            yield return pipeline;
        }
    }

    private static bool At(string line, int index, string token) =>
        string.CompareOrdinal(line, index, token, 0, token.Length) == 0;

    private static int Expand(string line, int dollar, StringBuilder word, Func<string, string?> variable)
    {
        var i = dollar + 1;
        if (i < line.Length && line[i] == '?')
        {
            word.Append(variable("?"));
            return i + 1;
        }
        var braced = i < line.Length && line[i] == '{';
        if (braced)
        {
            i++;
        }
        var start = i;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
        {
            i++;
        }
        if (i == start)
        {
            word.Append('$');
            return dollar + 1;
        }
        word.Append(variable(line[start..i]));
        return braced && i < line.Length && line[i] == '}' ? i + 1 : i;
    }
}
