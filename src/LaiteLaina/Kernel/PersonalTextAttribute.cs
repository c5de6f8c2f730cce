namespace LaiteLaina.Kernel;

/// <summary>
/// Marks free text that may describe a person (a return note, a booking's purpose). The table keeps the text, where an
/// erasure clears it; the append-only audit log keeps only that it was written (<see cref="Written"/>), since no
/// erasure can reach a row there. A marker rather than the text encrypted with a per-person key: the log's readers
/// need to know that a note was written, never what it said, and a key kept in the same database would be one more
/// copy for every backup to carry.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalTextAttribute : Attribute
{
    /// <summary>What the audit log holds in place of the text.</summary>
    public const string Written = "changed";
}
