namespace LaiteLaina.Kernel;

/// <summary>What kind of mistake the person made; the web maps it to a status code, the CLI to exit code 1.</summary>
public enum UserErrorKind { Invalid, NotFound, Conflict, Unavailable }

/// <summary>
/// A mistake a person can fix. Its message is one line that names the field, the value and what
/// would be right. Anything else that escapes is a bug and is logged, never shown with a stack trace.
/// </summary>
#pragma warning disable CA1710 // "UserError" reads better at every throw site than "UserErrorException".
public sealed class UserError(string message, UserErrorKind kind = UserErrorKind.Invalid, string? field = null)
    : Exception(message)
{
    public UserErrorKind Kind { get; } = kind;
    public string? Field { get; } = field;

    /// <summary>The same message without the personal data in it, for screens and logs that must not show it
    /// (a scanner's events, a volunteer's view); null when the message holds none.</summary>
    public string? WithoutPersonalData { get; init; }

    public static UserError Invalid(string field, string? value, string allowed) =>
        new($"{field} '{value}' is not valid: {allowed}.", UserErrorKind.Invalid, field);

    public static UserError NotFound(string what, string key) =>
        new($"{what} '{key}' was not found.", UserErrorKind.NotFound, what);
}
#pragma warning restore CA1710
