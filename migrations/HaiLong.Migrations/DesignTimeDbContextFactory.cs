using HaiLong.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HaiLong.Migrations;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the host or a database.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<HaiLongDbContext>
{
    public HaiLongDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("HAILONG_DESIGN_CONNECTION")
            ?? "Host=localhost;Database=hailong_design;Username=postgres";
        var options = new DbContextOptionsBuilder<HaiLongDbContext>().UseHaiLongPostgres(connectionString).Options;
        return new HaiLongDbContext(options);
    }
}
