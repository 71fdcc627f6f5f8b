using System.Linq.Expressions;
using HaiLong.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

internal static class RollupStatsMapping
{
    /// <summary>
    /// Maps the statistics onto the owner's own columns under their plain names: the naming convention alone would prefix
    /// them (stats_count), and the rollup fold's SQL, the reconciliation and the bench write count, sum, … score5 by name.
    /// </summary>
    public static EntityTypeBuilder<T> HasRollupStats<T>(this EntityTypeBuilder<T> b, Expression<Func<T, RollupStats?>> stats)
        where T : class
    {
        b.ComplexProperty(stats, s =>
        {
            s.IsRequired();
            s.Property(x => x.Count).HasColumnName("count");
            s.Property(x => x.Sum).HasColumnName("sum");
            s.Property(x => x.SumSquares).HasColumnName("sum_squares");
            s.Property(x => x.Score1).HasColumnName("score1");
            s.Property(x => x.Score2).HasColumnName("score2");
            s.Property(x => x.Score3).HasColumnName("score3");
            s.Property(x => x.Score4).HasColumnName("score4");
            s.Property(x => x.Score5).HasColumnName("score5");
        });
        return b;
    }
}
