using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Npgsql;

namespace HaiLong.Api.Infrastructure;

/// <summary>
/// A statement written with named parameters (<c>@name</c>, so that it shares its SQL fragments with the rest of HaiLong),
/// turned once into PostgreSQL's own positional form (<c>$1</c>, <c>$2</c>, …). Npgsql sends a command whose parameters have
/// no names as it is; with names it parses the statement and builds a rewritten copy on every execution, which for the
/// submission's statement of ~2,500 characters is a new string and its builder, ~10 KB, on every request.
/// </summary>
public sealed partial class PositionalSql
{
    private readonly FrozenDictionary<string, int> _places;

    public PositionalSql(string namedSql)
    {
        var places = new Dictionary<string, int>(StringComparer.Ordinal);
        Sql = NamePattern().Replace(namedSql, m =>
        {
            var name = m.Groups[1].Value;
            if (!places.TryGetValue(name, out var place)) places[name] = place = places.Count;
            return "$" + (place + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        _places = places.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string Sql { get; }

    /// <summary>The parameters of one execution, each put in its place; a name the statement does not use is left out.</summary>
    public Parameters Start(NpgsqlParameterCollection collection) => new(this, collection);

    public readonly struct Parameters(PositionalSql sql, NpgsqlParameterCollection collection)
    {
        private readonly NpgsqlParameter?[] _slots = new NpgsqlParameter?[sql._places.Count];

        public void Add(string name, NpgsqlParameter parameter)
        {
            if (sql._places.TryGetValue(name, out var place)) _slots[place] = parameter;
        }

        /// <summary>Hands the parameters to the command in their order; every place must have been given one.</summary>
        public void Complete()
        {
            foreach (var parameter in _slots) collection.Add(parameter ?? throw new InvalidOperationException("A parameter of the statement was not given."));
        }
    }

    // A name after @ that is not part of an operator (@@, @>) or a word; HaiLong's statements have no @ inside literals.
    [GeneratedRegex(@"(?<![@\w])@([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex NamePattern();
}
