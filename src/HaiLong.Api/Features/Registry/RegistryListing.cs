using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;
using StaffMessagePage = HaiLong.Api.Features.Accounts.StaffMessagePage;

namespace HaiLong.Api.Features.Registry;

/// <summary>
/// Search and paging of the registry's list pages (units, agencies, counters in SQL; officials and procedures in memory). A search matches part of a
/// name or a code without Vietnamese diacritics or case: "cai rang" finds "Phường Cái Răng". The database has no <c>unaccent</c> extension (and no
/// migration should need one for this), so both sides are folded with one character map: in SQL by PostgreSQL's built-in <c>translate()</c>, on the
/// typed text by <see cref="Fold"/>. Filtering, counting and paging stay in the database.
/// </summary>
public static class RegistryListing
{
    public const int PageSize = 25;

    /// <summary>Longest search text taken; a longer one is cut (a name is at most this long anyway).</summary>
    public const int MaxQueryLength = 256;

    /// <summary>Every precomposed Latin letter with a diacritic (and Đ/đ, which do not decompose) and every capital, to its
    /// plain lowercase letter: the <c>from</c> and <c>to</c> of <c>translate()</c>, one character each.</summary>
    private static readonly (string From, string To) Map = BuildMap();

    private static readonly FrozenDictionary<char, char> Folds = Map.From.Zip(Map.To).ToFrozenDictionary(p => p.First, p => p.Second);

    private static (string, string) BuildMap()
    {
        var from = new StringBuilder();
        var to = new StringBuilder();
        void Add(char c, char plain)
        {
            from.Append(c);
            to.Append(plain);
        }
        for (var c = 'A'; c <= 'Z'; c++) Add(c, char.ToLowerInvariant(c));
        Add('Đ', 'd');
        Add('đ', 'd');
        foreach (var (first, last) in new[] { ('\u00C0', '\u024F'), ('\u1E00', '\u1EFF') })
        {
            for (var c = first; c <= last; c++)
            {
                var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
                if (decomposed.Length > 1 && char.IsAsciiLetter(decomposed[0])) Add(c, char.ToLowerInvariant(decomposed[0]));
            }
        }
        return (from.ToString(), to.ToString());
    }

    /// <summary>The text as the search compares it: composed, without diacritics, lowercase.</summary>
    public static string Fold(string text)
    {
        var composed = text.Normalize(NormalizationForm.FormC);
        var folded = new StringBuilder(composed.Length);
        foreach (var c in composed) folded.Append(Folds.TryGetValue(c, out var plain) ? plain : char.ToLowerInvariant(c));
        return folded.ToString();
    }

    /// <summary>The typed search, trimmed; null when there is nothing to search for.</summary>
    public static string? Query(string? q)
    {
        if (string.IsNullOrWhiteSpace(q)) return null;
        var t = q.Trim();
        return t.Length > MaxQueryLength ? t[..MaxQueryLength] : t;
    }

    /// <summary>Ids of the rows of <paramref name="table"/> (units, agencies, service_points) whose name or code contains the
    /// folded search, for composing into an EF query (<c>ids.Contains(x.Id)</c>).</summary>
    public static IQueryable<int> Matching(HaiLongDbContext db, Table table, string q)
    {
        var pattern = "%" + Fold(q).Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
        var (from, to) = Map;
        var name = table switch { Table.Units => "units", Table.Agencies => "agencies", _ => "service_points" };
        // The table's name comes from the closed enum above, never from the request; the folds and the typed text are parameters.
        return db.Database.SqlQuery<int>(FormattableStringFactory.Create(
            $$"""SELECT id AS "Value" FROM {{name}} WHERE translate(name, {0}, {1}) LIKE {2} OR translate(code, {0}, {1}) LIKE {2}""",
            from, to, pattern));
    }

    public enum Table { Units, Agencies, ServicePoints }

    /// <summary>One page of a filtered, ordered query: the page asked for, kept between 1 and the last page.</summary>
    public static async Task<ListPage<T>> PageAsync<T>(IQueryable<T> ordered, int? page, CancellationToken ct)
    {
        var total = await ordered.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var number = Math.Clamp(page ?? 1, 1, pages);
        var rows = await ordered.Skip((number - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new ListPage<T>(rows, number, pages, total);
    }

    /// <summary>A list page's address with its search kept: <c>/staff/registry/units?q=…&amp;page=2</c>.</summary>
    public static string Href(string path, string? q, int page)
    {
        var parts = new List<string>();
        if (q is not null) parts.Add("q=" + Uri.EscapeDataString(q));
        if (page > 1) parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? path : $"{path}?{string.Join("&", parts)}";
    }

    /// <summary>In memory, for the officials' and procedures' lists: every word of the search in one of the fields, folded.</summary>
    public static bool Matches(string? q, params string[] fields)
    {
        if (string.IsNullOrWhiteSpace(q)) return true;
        var words = Fold(q).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var text = Fold(string.Join(' ', fields));
        return words.All(text.Contains);
    }

    /// <summary>The page asked for (1 when absent or unreadable, the last when past it) and the page count (at least 1).</summary>
    public static (List<T> Rows, int Page, int PageCount) Page<T>(IReadOnlyList<T> all, string? page)
    {
        var count = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        var n = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, count) : 1;
        return (all.Skip((n - 1) * PageSize).Take(PageSize).ToList(), n, count);
    }

    /// <summary>A list's address with its filters (empty ones left out) and a page number.</summary>
    public static string Link(string path, IEnumerable<KeyValuePair<string, string?>> filters, int page) =>
        QueryHelpers.AddQueryString(path, filters.Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Append(new("page", page.ToString(CultureInfo.InvariantCulture))));

    public static bool TryDate(string? text, out DateOnly? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        value = d;
        return true;
    }

    public static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>
    /// The routes of a registry list kept by hand and by CSV (officials, procedures): the list, a new record's form, a record's
    /// page, the import's upload form and sample file; posts of a new record, a record's change, the import's preview and its
    /// confirmation. The posts check their antiforgery token (<see cref="AntiforgerySetup.MapFormPosts"/>); their group is
    /// returned for a record's own forms.
    /// </summary>
    internal static RouteGroupBuilder MapImportedRecordPages(this IEndpointRouteBuilder app, string path, Delegate list, Delegate @new,
        Delegate show, Delegate create, Delegate update, Delegate importForm, Delegate sample, Delegate preview, Delegate import)
    {
        var pages = app.MapGroup(path).ExcludeFromDescription().RequireAuthorization(Policies.Administrator);
        pages.MapGet("/", list);
        pages.MapGet("/new", @new);
        pages.MapGet("/{id:int}", show);
        pages.MapGet("/import", importForm);
        pages.MapGet("/import/sample.csv", sample);
        var posts = pages.MapFormPosts(SessionExpiredPage);
        posts.MapPost("/new", create);
        posts.MapPost("/{id:int}", update);
        posts.MapPost("/import", preview);
        posts.MapPost("/import/confirm", import);
        return posts;
    }

    /// <summary>The page a registry form answers when its antiforgery token is lost or forged.</summary>
    internal static IResult SessionExpiredPage(HttpContext http) => SessionExpiredPage(http, "/staff/registry", "RegistryOfficials_BackToList");

    /// <summary>
    /// The same for another register's forms (the household register's), back to a list its users may open: a hamlet head
    /// keeps households but cannot open the registry.
    /// </summary>
    internal static IResult SessionExpiredPage(HttpContext http, string back, string backLabel)
    {
        var L = http.RequestServices.GetRequiredService<IStringLocalizer<StaffResources>>();
        return StaffMessagePage.Result(L["RegistryOfficials_BadRequest"], L["RegistryOfficials_SessionExpired"], L[backLabel],
            StatusCodes.Status400BadRequest, back);
    }
}

public sealed record ListPage<T>(IReadOnlyList<T> Rows, int Number, int Pages, int Total);
