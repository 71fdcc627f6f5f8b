using System.Collections.Frozen;
using System.Linq.Expressions;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// The one home of "grassroots": wards, communes and towns (cấp xã) — the level a service centre, a scorecard, a
/// publication, an inspection board and an evaluation belong to; hamlets and residential groups sit under them.
/// </summary>
public static class UnitLevels
{
    public static readonly FrozenSet<UnitLevel> Grassroots = FrozenSet.Create(UnitLevel.Ward, UnitLevel.Commune, UnitLevel.Town);

    public static bool IsGrassroots(UnitLevel level) => Grassroots.Contains(level);

    /// <summary>The same rule for an EF query (<c>db.Units.Where(UnitLevels.IsGrassrootsUnit)</c>), translated to SQL.</summary>
    public static readonly Expression<Func<AdministrativeUnit, bool>> IsGrassrootsUnit =
        u => u.Level == UnitLevel.Ward || u.Level == UnitLevel.Commune || u.Level == UnitLevel.Town;

    /// <summary>
    /// Hamlets and residential groups (thôn, ấp, tổ dân phố…), under a grassroots unit: the level that holds a household
    /// register, its consultations and its community convention, and that a hamlet head's jurisdiction is.
    /// </summary>
    public static bool IsHamlet(UnitLevel level) => level is UnitLevel.Hamlet or UnitLevel.ResidentialGroup;

    /// <summary>The same rule for an EF query, translated to SQL.</summary>
    public static readonly Expression<Func<AdministrativeUnit, bool>> IsHamletUnit =
        u => u.Level == UnitLevel.Hamlet || u.Level == UnitLevel.ResidentialGroup;
}
