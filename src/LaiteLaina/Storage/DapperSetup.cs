using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LaiteLaina.Storage;

/// <summary>
/// SQLite has no date types, so dates travel as ISO-8601 text there and as native date/timestamptz on
/// PostgreSQL. These handlers let the records keep <see cref="DateOnly"/> and <see cref="DateTimeOffset"/>
/// on both engines without per-engine mapping code in the stores.
/// </summary>
internal static class DapperSetup
{
    private static int configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref configured, 1) == 1)
            return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new TextOnSqlite<DateOnly>(DbType.Date,
            d => d,
            SqliteDate,
            value => value switch
            {
                DateOnly d => d,
                DateTime dt => DateOnly.FromDateTime(dt),
                string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => throw new DataException($"cannot read a date from {value.GetType().Name}"),
            }));
        SqlMapper.AddTypeHandler(new TextOnSqlite<DateTimeOffset>(DbType.DateTimeOffset,
            // Npgsql writes timestamptz only from UTC values.
            t => t.ToUniversalTime(),
            SqliteTimestamp,
            value => value switch
            {
                DateTimeOffset d => d,
                DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
                _ => throw new DataException($"cannot read a timestamp from {value.GetType().Name}"),
            }));
    }

    /// <summary>How SQLite keeps a date: ISO-8601 text.</summary>
    public static string SqliteDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>How SQLite keeps an instant: UTC text of fixed width, so that text order is time order in indexes.</summary>
    public static string SqliteTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A value that SQLite keeps as text and PostgreSQL keeps in its native type.</summary>
    private sealed class TextOnSqlite<T>(DbType native, Func<T, object> toNative, Func<T, string> toText, Func<object, T> parse)
        : SqlMapper.TypeHandler<T>
    {
        public override void SetValue(IDbDataParameter parameter, T? value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = toText(value!);
            }
            else
            {
                parameter.DbType = native;
                parameter.Value = toNative(value!);
            }
        }

        public override T Parse(object value) => parse(value);
    }
}
