using Npgsql;

namespace WaQup.Grains.Catalog;

/// <summary>
/// The positional parameters of a statement assembled from fixed fragments: every value the caller gave becomes a
/// parameter, and the fragments only ever hold its placeholder (<c>$n</c>), never the value.
/// </summary>
public sealed class SqlArguments
{
    private readonly List<NpgsqlParameter> _values = [];

    /// <summary>Adds <paramref name="value"/> and returns its placeholder; the type of <typeparamref name="T"/> sets the database type.</summary>
    public string Add<T>(T value)
    {
        _values.Add(new NpgsqlParameter<T> { TypedValue = value });
        return "$" + _values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A command of <paramref name="sql"/> with copies of the values (a parameter belongs to one command), all typed.</summary>
    /// <remarks>Typed values may outnumber the placeholders <paramref name="sql"/> uses: PostgreSQL takes the extras as unused.</remarks>
    public NpgsqlCommand Command(NpgsqlDataSource database, string sql)
    {
        var command = database.CreateCommand(sql);
        command.Parameters.AddRange(_values.Select(value => value.Clone()).ToArray());
        return command;
    }
}
