using HaiLong.Api.Features.Registry;
using HaiLong.Data.Entities;

namespace HaiLong.UnitTests.Registry;

public sealed class UnitRulesTests
{
    [Theory]
    [InlineData(UnitLevel.Province, null)]
    [InlineData(UnitLevel.District, UnitLevel.Province)]
    [InlineData(UnitLevel.Ward, UnitLevel.Province)]
    [InlineData(UnitLevel.Ward, UnitLevel.District)]
    [InlineData(UnitLevel.Commune, UnitLevel.District)]
    [InlineData(UnitLevel.Town, UnitLevel.Province)]
    [InlineData(UnitLevel.Hamlet, UnitLevel.Commune)]
    [InlineData(UnitLevel.ResidentialGroup, UnitLevel.Ward)]
    public void The_administrative_hierarchy_is_allowed(UnitLevel child, UnitLevel? parent) =>
        Assert.Null(UnitRules.CheckParent(child, parent));

    [Theory]
    [InlineData(UnitLevel.Ward, UnitLevel.Hamlet)]
    [InlineData(UnitLevel.Ward, UnitLevel.Ward)]
    [InlineData(UnitLevel.Hamlet, UnitLevel.Province)]
    [InlineData(UnitLevel.District, UnitLevel.Ward)]
    [InlineData(UnitLevel.Province, UnitLevel.Province)]
    [InlineData(UnitLevel.Hamlet, UnitLevel.Hamlet)]
    [InlineData(UnitLevel.Ward, null)]
    public void Anything_else_is_refused_with_a_reason(UnitLevel child, UnitLevel? parent) =>
        Assert.False(string.IsNullOrWhiteSpace(UnitRules.CheckParent(child, parent)));

    [Theory]
    [InlineData("/1/2/", "/1/2/", true)]
    [InlineData("/1/2/", "/1/2/7/", true)]
    [InlineData("/1/2/", "/1/3/", false)]
    [InlineData("/1/2/", "/1/", false)]
    [InlineData("/1/2/", "/1/22/", false)]
    public void A_move_into_the_units_own_subtree_is_a_cycle(string unitPath, string parentPath, bool cycle) =>
        Assert.Equal(cycle, UnitRules.WouldCreateCycle(unitPath, parentPath));
}
