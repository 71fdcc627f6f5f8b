using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HaiLong.Data.Configurations;

/// <summary>The two shapes most entity configurations repeat, named once.</summary>
internal static class Relations
{
    /// <summary>
    /// A reference to a row that must outlive what points to it: the database refuses to delete a unit, an official, a
    /// survey version… while answers, cases or evaluations still point to it (registry rows end; they are not removed).
    /// </summary>
    public static void RefersTo<T, TTarget>(this EntityTypeBuilder<T> b, Expression<Func<T, TTarget?>> target,
        Expression<Func<T, object?>> key)
        where T : class
        where TTarget : class =>
        b.HasOne(target).WithMany().HasForeignKey(key).OnDelete(DeleteBehavior.Restrict);

    /// <summary>A registry code (a unit's, an agency's, a staff code…): at most <see cref="Limits.Code"/> characters, unique.</summary>
    public static void HasUniqueCode<T>(this EntityTypeBuilder<T> b, Expression<Func<T, string>> code)
        where T : class
    {
        var property = b.Property(code).HasMaxLength(Limits.Code);
        b.HasIndex(property.Metadata.Name).IsUnique();
    }
}
