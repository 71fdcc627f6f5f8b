using System.Collections.Frozen;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// Which level may sit under which: province → (legacy district) → ward / commune / town → hamlet / residential group.
/// The district level is kept so that units from before the 7/2025 reorganisation still fit.
/// </summary>
public static class UnitRules
{
    private static readonly IReadOnlyList<UnitLevel> TopLevels = [UnitLevel.Province, UnitLevel.District];
    private static readonly IReadOnlyList<UnitLevel> GrassrootsParents = [.. UnitLevels.Grassroots.Order()];

    private static readonly FrozenDictionary<UnitLevel, IReadOnlyList<UnitLevel>> AllowedParents = new Dictionary<UnitLevel, IReadOnlyList<UnitLevel>>
    {
        [UnitLevel.Province] = [],
        [UnitLevel.District] = [UnitLevel.Province],
        [UnitLevel.Ward] = TopLevels,
        [UnitLevel.Commune] = TopLevels,
        [UnitLevel.Town] = TopLevels,
        [UnitLevel.Hamlet] = GrassrootsParents,
        [UnitLevel.ResidentialGroup] = GrassrootsParents,
    }.ToFrozenDictionary();

    /// <summary>The levels a unit of <paramref name="child"/> level may sit under; none for a top-level unit.</summary>
    public static IReadOnlyList<UnitLevel> ParentsOf(UnitLevel child) => AllowedParents[child];

    /// <summary>Null when a unit of <paramref name="child"/> level may have a parent of <paramref name="parent"/> level (null: no parent).</summary>
    public static string? CheckParent(UnitLevel child, UnitLevel? parent)
    {
        var allowed = AllowedParents[child];
        if (parent is null)
        {
            return allowed.Count == 0 ? null : $"A {child} unit needs a parent ({string.Join(" or ", allowed)}).";
        }
        return allowed.Contains(parent.Value) ? null
            : allowed.Count == 0 ? $"A {child} unit is top-level and cannot have a parent."
            : $"A {parent} unit cannot be the parent of a {child} unit; allowed parents: {string.Join(", ", allowed)}.";
    }

    /// <summary>True when <paramref name="candidateParentPath"/> lies inside the subtree rooted at <paramref name="unitPath"/>.</summary>
    public static bool WouldCreateCycle(string unitPath, string candidateParentPath) => candidateParentPath.StartsWith(unitPath, StringComparison.Ordinal);
}
