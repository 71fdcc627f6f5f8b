using System.Security.Cryptography;
using System.Text;
using HaiLong.Api.Features.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging.Console;

namespace HaiLong.Api.Features.Accounts;

/// <summary>
/// The first-run commands of a production installation (README, "Production"): <c>admin create</c> makes an administrator
/// without any default password, <c>admin import-units</c> loads the official list of administrative units. They use the
/// app's own services (Identity's rules, the migrator, the audit log, the registry's import) and never start the web server.
/// </summary>
public sealed class AdminCommand
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 64;

    public const string UsageText = """
        Usage:
          HaiLong.Api admin create --user <user name> --name "<full name>" [--unit <unit code>] [--password-stdin] [--another]
              Creates an administrator (jurisdiction: the unit's subtree, or the whole country without --unit).
              --password-stdin  read the password from standard input (for scripts); without it a one-time password is
                                printed once and must be replaced at the first sign-in.
              --another         allow it when an administrator already exists (e.g. every administrator is locked out).
          HaiLong.Api admin import-units <file.csv> [--dry-run]
              Imports administrative units (columns code,name,level,parent_code; docs/REGISTRY.md). Every row is checked
              first; any error stores nothing. --dry-run only checks and prints the report.
        Both apply the database migrations first. The connection string is ConnectionStrings__HaiLong.
        """;

    private readonly string[] _args;

    private AdminCommand(string[] args) => _args = args;

    /// <summary>The command when <paramref name="args"/> start with <c>admin</c>; the host then gets no arguments of its own.</summary>
    public static AdminCommand? FromArgs(ref string[] args)
    {
        if (args is not ["admin", ..]) return null;
        var command = new AdminCommand(args[1..]);
        // `--user x` would otherwise become configuration keys, and a file path starting with '/' a key too.
        args = [];
        return command;
    }

    /// <summary>Keeps standard output for what the command says (a script reads the one-time password there): logs go to stderr.</summary>
    public void Configure(WebApplicationBuilder builder)
    {
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    public async Task<int> RunAsync(WebApplication app, TextReader? stdin = null, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdin ??= Console.In;
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        try
        {
            var options = Options.Parse(_args);
            if (options.Error is not null)
            {
                await stderr.WriteLineAsync($"{options.Error}\n\n{UsageText}");
                return Usage;
            }
            await using var scope = app.Services.CreateAsyncScope();
            await DatabaseSetup.PrepareSchemaAsync(scope.ServiceProvider, app.Configuration);
            return options.Verb switch
            {
                "create" => await CreateAsync(scope.ServiceProvider, options, stdin, stdout, stderr),
                _ => await ImportUnitsAsync(scope.ServiceProvider, options, stdout, stderr),
            };
        }
        catch (Exception e)
        {
            // Whatever went wrong (no database, a refused write), one line and a non-zero exit, never a stack trace to decode.
            await stderr.WriteLineAsync($"HaiLong admin: failed: {e.GetBaseException().Message}");
            return Failed;
        }
        finally
        {
            // Started for this command only (no connection string in Development); nobody else will stop it.
            if (app.Services.GetService<EmbeddedPostgres>() is { } embedded) await embedded.StopAsync();
        }
    }

    private static async Task<int> CreateAsync(IServiceProvider services, Options options, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var db = services.GetRequiredService<HaiLongDbContext>();
        var users = services.GetRequiredService<UserManager<StaffUser>>();

        string password;
        var generated = !options.PasswordStdin;
        if (options.PasswordStdin)
        {
            password = (await stdin.ReadToEndAsync()).TrimEnd('\r', '\n');
            if (password.Length == 0) return await FailAsync(stderr, "--password-stdin: nothing was read from standard input.");
        }
        else
        {
            password = OneTimePassword();
        }

        int? unitId = null;
        string jurisdiction = "the whole country";
        if (options.Unit is { } unitCode)
        {
            var unit = await db.Units.AsNoTracking().SingleOrDefaultAsync(u => u.Code == unitCode);
            if (unit is null) return await FailAsync(stderr,
                $"--unit: no unit with code '{unitCode}'. Import the units first (admin import-units), or leave --unit out for a national administrator.");
            unitId = unit.Id;
            jurisdiction = $"{unit.Name} ({unit.Code}) and every unit under it";
        }

        // The API's own rules for a staff account (user name shape, lengths), then Identity's (characters, password policy).
        var request = new CreateStaffUserRequest(options.User!, options.Name!, password, Roles.Administrator, unitId ?? 0);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return await FailAsync(stderr, string.Join(Environment.NewLine, results.Select(r =>
                $"{string.Join(", ", r.MemberNames.Select(OptionName))}: {r.ErrorMessage}")));
        }

        await using var tx = await db.Database.BeginTransactionAsync();
        // Two first-run scripts at once must not both find "no administrator yet".
        await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('hailong.admin.create'))");
        var existing = await users.GetUsersInRoleAsync(Roles.Administrator);
        if (existing.Count > 0 && !options.Another)
        {
            return await FailAsync(stderr,
                $"An administrator already exists ({string.Join(", ", existing.Select(u => u.UserName).Order())}), " +
                "so this installation has had its first run. " +
                "Further staff accounts are created by an administrator from the staff console or POST /api/users, where the creator is recorded. " +
                "If no administrator can sign in any more, run the command again with --another.");
        }
        if (await users.FindByNameAsync(options.User!) is not null)
        {
            return await FailAsync(stderr, $"--user: the user name '{options.User}' is taken.");
        }

        var user = new StaffUser
        {
            UserName = options.User,
            FullName = options.Name!,
            JurisdictionUnitId = unitId,
            EmailConfirmed = true,
            MustChangePassword = generated,
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return await FailAsync(stderr, string.Join(Environment.NewLine, created.Errors.Select(e =>
                $"{(e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "--user")}: {e.Description}")));
        }
        var role = await users.AddToRoleAsync(user, Roles.Administrator);
        if (!role.Succeeded) return await FailAsync(stderr, string.Join("; ", role.Errors.Select(e => e.Description)));
        await services.GetRequiredService<AuditLog>().RecordAsync("admin.created-by-command", "StaffUser", user.Id.ToString(),
            new { userName = user.UserName, jurisdictionUnitId = unitId, oneTimePassword = generated, another = existing.Count > 0 });
        await tx.CommitAsync();

        await stdout.WriteLineAsync($"Created administrator '{user.UserName}' ({user.FullName}); jurisdiction: {jurisdiction}.");
        if (generated)
        {
            await stdout.WriteLineAsync($"One-time password: {password}");
            await stdout.WriteLineAsync("It is shown only this once. Sign in at /staff/login; you will be asked to choose your own password first.");
        }
        else
        {
            await stdout.WriteLineAsync("Sign in at /staff/login with the password given on standard input.");
        }
        return Ok;
    }

    private static async Task<int> ImportUnitsAsync(IServiceProvider services, Options options, TextWriter stdout, TextWriter stderr)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(options.File!, new UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (FileNotFoundException)
        {
            return await FailAsync(stderr, $"No such file: {options.File}");
        }
        catch (DecoderFallbackException)
        {
            return await FailAsync(stderr, "The file is not valid UTF-8; save it as \"CSV UTF-8\". Nothing was imported.");
        }

        var outcome = await UnitImport.ImportAsync(services.GetRequiredService<HaiLongDbContext>(), text, options.DryRun, CancellationToken.None);
        if (outcome.FileError is not null) return await FailAsync(stderr, outcome.FileError);
        if (!outcome.Accepted)
        {
            await stderr.WriteLineAsync($"{outcome.Errors.Select(e => e.Row).Distinct().Count()} row(s) have errors; nothing was imported.");
            await stderr.WriteLineAsync("row\tcolumn\tproblem");
            foreach (var e in outcome.Errors) await stderr.WriteLineAsync($"{e.Row}\t{e.Column}\t{e.Message}");
            return Failed;
        }
        await stdout.WriteLineAsync(outcome.Stored
            ? $"Imported {outcome.Units} unit(s)."
            : $"Dry run: all {outcome.Units} row(s) are valid; nothing was stored. Run again without --dry-run to import them.");
        return Ok;
    }

    private static async Task<int> FailAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"HaiLong admin: {message}");
        return Failed;
    }

    private static string OptionName(string member) => member switch
    {
        nameof(CreateStaffUserRequest.UserName) => "--user",
        nameof(CreateStaffUserRequest.FullName) => "--name",
        nameof(CreateStaffUserRequest.Password) => "password",
        _ => member,
    };

    /// <summary>20 characters from an alphabet without look-alikes (0/O, 1/l/I), with the classes Identity's policy asks for.</summary>
    internal static string OneTimePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        const string all = upper + lower + digits;
        var chars = new char[20];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        for (var i = 3; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private sealed record Options(string Verb, string? User, string? Name, string? Unit, bool PasswordStdin, bool Another,
        string? File, bool DryRun, string? Error)
    {
        public static Options Parse(string[] args)
        {
            Options Fail(string error) => new("", null, null, null, false, false, null, false, error);
            if (args.Length == 0) return Fail("Missing sub-command.");
            var verb = args[0];
            string? user = null, name = null, unit = null, file = null;
            bool stdin = false, another = false, dryRun = false;
            for (var i = 1; i < args.Length; i++)
            {
                string? Value() => i + 1 < args.Length ? args[++i] : null;
                switch (verb, args[i])
                {
                    case ("create", "--user"): user = Value() ?? ""; break;
                    case ("create", "--name"): name = Value() ?? ""; break;
                    case ("create", "--unit"): unit = Value() ?? ""; break;
                    case ("create", "--password-stdin"): stdin = true; break;
                    case ("create", "--another"): another = true; break;
                    case ("import-units", "--dry-run"): dryRun = true; break;
                    case ("import-units", var a) when !a.StartsWith("--", StringComparison.Ordinal) && file is null: file = a; break;
                    default: return Fail(verb is "create" or "import-units"
                        ? $"Unknown option '{args[i]}' for admin {verb}." : $"Unknown sub-command '{verb}'.");
                }
            }
            return verb switch
            {
                "create" when string.IsNullOrWhiteSpace(user) => Fail("admin create needs --user <user name>."),
                "create" when string.IsNullOrWhiteSpace(name) => Fail("admin create needs --name \"<full name>\"."),
                "create" when unit is "" => Fail("--unit needs a unit code."),
                "import-units" when file is null => Fail("admin import-units needs the CSV file's path."),
                "create" or "import-units" => new(verb, user, name, unit, stdin, another, file, dryRun, null),
                _ => Fail($"Unknown sub-command '{verb}'."),
            };
        }
    }
}
