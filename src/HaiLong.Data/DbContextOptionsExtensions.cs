using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HaiLong.Data;

public static class DbContextOptionsExtensions
{
    public const string MigrationsAssembly = "HaiLong.Migrations";

    /// <summary>The one place that says how HaiLong talks to PostgreSQL, shared by the host, the design-time factory and the tools.</summary>
    public static TBuilder UseHaiLongPostgres<TBuilder>(this TBuilder options, string connectionString)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    public static TBuilder UseHaiLongPostgres<TBuilder>(this TBuilder options, NpgsqlDataSource dataSource)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(dataSource, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
        return options;
    }

    /// <summary>On a connection the caller holds (and keeps: the context does not own it).</summary>
    public static TBuilder UseHaiLongPostgres<TBuilder>(this TBuilder options, System.Data.Common.DbConnection connection)
        where TBuilder : DbContextOptionsBuilder
    {
        options.UseNpgsql(connection, contextOwnsConnection: false, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly))
            .UseSnakeCaseNamingConvention();
        return options;
    }
}
