using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace LaiteLaina.Kernel;

/// <summary>
/// Configuration that refuses what it does not understand. The plain binder skips a key it has no property for, so
/// a misspelt "Terminater" silently leaves the default in place and the scanner misbehaves at the desk; here such a
/// key, and a file that is not JSON, is a <see cref="UserError"/> of one line naming the file, the key and the fix.
/// </summary>
public static class StrictConfiguration
{
    /// <summary>Builds <paramref name="builder"/>; a settings file that is not valid JSON is named with its line.</summary>
    public static IConfigurationRoot Build(IConfigurationBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException e)
        {
            // The provider says "Failed to load configuration from file 'PATH'"; which source it was is found by
            // its path, and the line from the JSON reader's own exception underneath.
            var file = builder.Sources.OfType<FileConfigurationSource>()
                .Select(s => s.FileProvider?.GetFileInfo(s.Path ?? "").PhysicalPath ?? s.Path)
                .FirstOrDefault(path => path is not null && e.Message.Contains(path, StringComparison.Ordinal));
            object where = Display(file) ?? (object)Msg.ConfigSourceFile;
            throw new UserError(e.GetBaseException() is JsonException { LineNumber: { } line }
                ? Msg.ConfigNotJsonAt.With(where, line + 1) : Msg.ConfigNotJson.With(where), UserErrorKind.Invalid, "settings");
        }
    }

    /// <summary>
    /// Binds <paramref name="section"/> of <paramref name="configuration"/> onto <paramref name="options"/>, refusing a
    /// key that is not one of its settings. <paramref name="source"/> names where the section came from when the
    /// configuration cannot tell (an embedded profile); otherwise the file or variable that set the key is named.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, IConfigurationSection section, T options, object? source = null) where T : class
    {
        var settings = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name).ToList();
        foreach (var child in section.GetChildren())
        {
            if (!settings.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
                throw Unknown(source ?? SourceOf(configuration, child.Path), child.Path, child.Key, settings);
        }
        try
        {
            // The binder's own check as well, so that nothing deeper down (a nested object) slips through unseen.
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new UserError(Msg.ConfigBinding.With(source ?? SourceOf(configuration, section.Path), section.Path, e.Message.TrimEnd('.')), UserErrorKind.Invalid, section.Path);
        }
        return options;
    }

    /// <summary>"FILE: PATH is not a setting; did you mean X?" — the one wording for a key nobody reads.</summary>
    /// <param name="source">Where the key was written: a file's path, or a <see cref="Message"/> naming it.</param>
    public static UserError Unknown(object source, string path, string key, IReadOnlyCollection<string> known, Message? what = null)
    {
        what ??= Msg.ConfigWhatSetting;
        return new UserError(Closest(key, known) is { } guess
            ? Msg.ConfigUnknownGuess.With(source, path, what, guess)
            : Msg.ConfigUnknownList.With(source, path, what, known), UserErrorKind.Invalid, path);
    }

    /// <summary>The known name a typo most likely meant: at most a third of its letters (and at least two) apart.</summary>
    public static string? Closest(string key, IEnumerable<string> known) =>
        known.Select(k => (Name: k, Distance: Distance(key.ToLowerInvariant(), k.ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, k.Name.Length / 3))
            .OrderBy(k => k.Distance).Select(k => k.Name).FirstOrDefault();

    /// <summary>Which file (or the environment) set the value at <paramref name="path"/>; the last one wins, as in the binder.</summary>
    /// <returns>The file's path as a person typed it, or a <see cref="Message"/> for the environment or another source.</returns>
    public static object SourceOf(IConfiguration configuration, string path)
    {
        if (configuration is not IConfigurationRoot root)
            return Msg.ConfigSourceOther;
        // A key holding an object has no value of its own; any value under it tells where it was written.
        var leaf = root.GetSection(path).AsEnumerable().Where(kv => kv.Value is not null).Select(kv => kv.Key).FirstOrDefault() ?? path;
        var provider = root.Providers.Reverse().FirstOrDefault(p => p.TryGet(leaf, out _));
        return provider switch
        {
            FileConfigurationProvider file => Display(file.Source.FileProvider?.GetFileInfo(file.Source.Path ?? "").PhysicalPath ?? file.Source.Path)
                ?? (object)Msg.ConfigSourceFile,
            EnvironmentVariablesConfigurationProvider => Msg.ConfigSourceEnvironment.With(leaf.Replace(":", "__", StringComparison.Ordinal)),
            _ => Msg.ConfigSourceOther,
        };
    }

    /// <summary>A path as a person typed it: relative to the current directory when it is under it.</summary>
    private static string? Display(string? path)
    {
        if (path is null)
            return null;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
