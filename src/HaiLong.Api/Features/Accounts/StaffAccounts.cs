using HaiLong.Api.Features.Registry;
using System.ComponentModel;
using Microsoft.AspNetCore.Identity;

namespace HaiLong.Api.Features.Accounts;

/// <summary>A change of an account's role and jurisdiction (the account keeps one role, as it is created with one).</summary>
public sealed record UpdateStaffUserRequest(
    [property: Required, AllowedValues(Roles.Administrator, Roles.WardLeader, Roles.ServiceStaff, Roles.Inspector, Roles.Evaluator,
        Roles.HamletHead)] string Role,
    [property: Required, Description("Root unit of the user's jurisdiction")] int? JurisdictionUnitId);

/// <summary>Why an account change was refused; the API answers it as ProblemDetails, the pages word it from StaffResources.</summary>
public enum AccountRefusalReason
{
    /// <summary>The account, or the unit it would be given, is outside the caller's jurisdiction (404, not disclosed).</summary>
    NotFound,
    UnitNotFound,
    UserNameTaken,
    /// <summary>Identity's password policy (length, characters); <see cref="AccountRefusal.Errors"/> holds its codes.</summary>
    PasswordRejected,
    /// <summary>An administrator may not lock, demote, move or reset their own account: they could shut themselves out.</summary>
    OwnAccount,
    /// <summary>A hamlet head's jurisdiction is one hamlet or residential group, the unit whose register they keep (422).</summary>
    HamletHeadOutsideHamlet,
}

public sealed record AccountRefusal(AccountRefusalReason Reason, IReadOnlyList<IdentityError>? Errors = null)
{
    public int Status => Reason switch
    {
        AccountRefusalReason.NotFound or AccountRefusalReason.UnitNotFound => StatusCodes.Status404NotFound,
        AccountRefusalReason.UserNameTaken => StatusCodes.Status409Conflict,
        AccountRefusalReason.PasswordRejected => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}

/// <summary>One staff account as the administrators' list and page show it.</summary>
public sealed record StaffAccountRow(Guid Id, string UserName, string FullName, string? Role, int? JurisdictionUnitId,
    string? JurisdictionName, bool LockedOut, bool MustChangePassword);

/// <summary>
/// The administrators' changes to staff accounts, one home for the API and the pages: every account and unit is looked up
/// inside the caller's jurisdiction (outside it is "not found"), so nobody is given a jurisdiction above the caller's own.
/// Changes of <see cref="StaffUser"/> are audited by the interceptor; a role (Identity's own table) by an event.
/// </summary>
public sealed class StaffAccounts(StaffContext staff, HaiLongDbContext db, UserManager<StaffUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>Locked by an administrator: until unlocked (a failed-sign-in lock-out ends by itself after 15 minutes).</summary>
    public static readonly DateTimeOffset LockedByAdministrator = DateTimeOffset.MaxValue;

    private async Task<IQueryable<StaffUser>> VisibleAsync(CancellationToken ct)
    {
        var path = await staff.JurisdictionPathAsync(ct) ?? "\0";
        return db.Users.Where(u => path == "/" || (u.JurisdictionUnit != null && u.JurisdictionUnit.Path.StartsWith(path)));
    }

    /// <summary>Accounts inside the caller's jurisdiction by user name; <paramref name="search"/> matches a part of the user or full name.</summary>
    public async Task<(IReadOnlyList<StaffAccountRow> Rows, bool HasNext)> ListAsync(string? search, int page, int pageSize, CancellationToken ct)
    {
        var query = (await VisibleAsync(ct)).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = $"%{search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
            query = query.Where(u => EF.Functions.ILike(u.UserName!, pattern) || EF.Functions.ILike(u.FullName, pattern));
        }
        var rows = await Project(query.OrderBy(u => u.UserName)).Skip((page - 1) * pageSize).Take(pageSize + 1).ToListAsync(ct);
        return (rows.Take(pageSize).ToList(), rows.Count > pageSize);
    }

    public async Task<StaffAccountRow?> FindAsync(Guid id, CancellationToken ct) =>
        await Project((await VisibleAsync(ct)).AsNoTracking().Where(u => u.Id == id)).SingleOrDefaultAsync(ct);

    private IQueryable<StaffAccountRow> Project(IQueryable<StaffUser> query)
    {
        var now = clock.GetUtcNow();
        return query.Select(u => new StaffAccountRow(u.Id, u.UserName!, u.FullName,
            db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).OrderBy(n => n).FirstOrDefault(),
            u.JurisdictionUnitId, u.JurisdictionUnit == null ? null : u.JurisdictionUnit.Name, u.LockoutEnd > now, u.MustChangePassword));
    }

    /// <summary>
    /// Creates an account with one role and a jurisdiction inside the caller's. <paramref name="mustChangePassword"/>: the
    /// password was chosen for the person (the pages' one-time password), who must replace it at their first sign-in.
    /// </summary>
    public async Task<(StaffUser? User, AccountRefusal? Refusal)> CreateAsync(CreateStaffUserRequest request, bool mustChangePassword, CancellationToken ct)
    {
        var unitId = request.JurisdictionUnitId!.Value;
        if (!await staff.CanSeeUnitAsync(unitId, ct)) return (null, new(AccountRefusalReason.UnitNotFound));
        if (await HamletHeadOutsideHamletAsync(request.Role, unitId, ct)) return (null, new(AccountRefusalReason.HamletHeadOutsideHamlet));
        if (await users.FindByNameAsync(request.UserName) is not null) return (null, new(AccountRefusalReason.UserNameTaken));
        var user = new StaffUser
        {
            UserName = request.UserName, FullName = request.FullName.Trim(), JurisdictionUnitId = unitId, MustChangePassword = mustChangePassword,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            return (null, created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName))
                ? new(AccountRefusalReason.UserNameTaken)
                : new(AccountRefusalReason.PasswordRejected, [.. created.Errors]));
        }
        await users.AddToRoleAsync(user, request.Role);
        await tx.CommitAsync(ct);
        return (user, null);
    }

    private async Task<bool> HamletHeadOutsideHamletAsync(string role, int unitId, CancellationToken ct) =>
        role == Roles.HamletHead && !await db.Units.Where(u => u.Id == unitId).AnyAsync(UnitLevels.IsHamletUnit, ct);

    /// <summary>Gives the account another role and jurisdiction, both within the caller's reach; never the caller's own account.</summary>
    public async Task<AccountRefusal?> UpdateAsync(Guid id, UpdateStaffUserRequest request, CancellationToken ct)
    {
        if (await EditableAsync(id, ct) is not { } user) return new(AccountRefusalReason.NotFound);
        if (user.Id == staff.UserId) return new(AccountRefusalReason.OwnAccount);
        var unitId = request.JurisdictionUnitId!.Value;
        if (!await staff.CanSeeUnitAsync(unitId, ct)) return new(AccountRefusalReason.UnitNotFound);
        if (await HamletHeadOutsideHamletAsync(request.Role, unitId, ct)) return new(AccountRefusalReason.HamletHeadOutsideHamlet);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = (await users.GetRolesAsync(user)).Order().ToList();
        if (before.Count != 1 || before[0] != request.Role)
        {
            await users.RemoveFromRolesAsync(user, before);
            await users.AddToRoleAsync(user, request.Role);
            await audit.RecordAsync("account.role-changed", nameof(StaffUser), user.Id.ToString(),
                new { from = string.Join(", ", before), to = request.Role }, ct: ct);
        }
        if (user.JurisdictionUnitId != unitId)
        {
            user.JurisdictionUnitId = unitId;
            // Old sessions carry no jurisdiction (it is read per request), but a new stamp makes the change take hold everywhere.
            await users.UpdateSecurityStampAsync(user);
        }
        await tx.CommitAsync(ct);
        return null;
    }

    /// <summary>Locks the account until unlocked (its sessions end), or lifts a lock and the count of failed sign-ins.</summary>
    public async Task<AccountRefusal?> SetLockedAsync(Guid id, bool locked, CancellationToken ct)
    {
        if (await EditableAsync(id, ct) is not { } user) return new(AccountRefusalReason.NotFound);
        if (user.Id == staff.UserId) return new(AccountRefusalReason.OwnAccount);
        if (locked)
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, LockedByAdministrator);
            await users.UpdateSecurityStampAsync(user);
        }
        else
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        return null;
    }

    /// <summary>
    /// Sets a password chosen for the person (typed by the administrator, or <paramref name="password"/> null for a generated
    /// one-time password, returned to be shown once) that they must replace at their next sign-in; their sessions end.
    /// </summary>
    public async Task<(string? Password, AccountRefusal? Refusal)> ResetPasswordAsync(Guid id, string? password, CancellationToken ct)
    {
        if (await EditableAsync(id, ct) is not { } user) return (null, new(AccountRefusalReason.NotFound));
        // One's own password is changed on the password page, where the current one is asked for.
        if (user.Id == staff.UserId) return (null, new(AccountRefusalReason.OwnAccount));
        var chosen = string.IsNullOrEmpty(password) ? AdminCommand.OneTimePassword() : password;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, chosen);
        if (!reset.Succeeded) return (null, new(AccountRefusalReason.PasswordRejected, [.. reset.Errors]));
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await audit.RecordAsync("password.reset", nameof(StaffUser), user.Id.ToString(), new { generated = string.IsNullOrEmpty(password) }, ct: ct);
        await tx.CommitAsync(ct);
        return (chosen, null);
    }

    private async Task<StaffUser?> EditableAsync(Guid id, CancellationToken ct) =>
        await (await VisibleAsync(ct)).SingleOrDefaultAsync(u => u.Id == id, ct);

    /// <summary>The units an account may be given: the caller's own subtree down to the grassroots (hamlets have no staff).</summary>
    public async Task<IReadOnlyList<(int Id, string Name, UnitLevel Level)>> AssignableUnitsAsync(CancellationToken ct) =>
        (await (await staff.UnitsAsync(ct)).AsNoTracking()
            .Where(u => u.Level != UnitLevel.Hamlet && u.Level != UnitLevel.ResidentialGroup)
            .OrderBy(u => u.Path).Select(u => new { u.Id, u.Name, u.Level }).ToListAsync(ct))
        .Select(u => (u.Id, u.Name, u.Level)).ToList();
}
