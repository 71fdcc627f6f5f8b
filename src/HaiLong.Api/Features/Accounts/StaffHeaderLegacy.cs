using Microsoft.AspNetCore.Antiforgery;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Accounts;

public static partial class StaffPages
{
    /// <summary>
    /// The header of the staff pages still built with <c>Html.Page</c> (cases, evaluations) until they become components
    /// inside <c>StaffLayout</c>; delete this file with the last caller.
    /// </summary>
    public static string StaffHeader(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"""
            <header class="top"><strong><a href="/staff">HaiLong</a></strong> · {E(http.User.Identity?.Name)}
            <form method="post" action="/staff/logout" style="display:inline;float:right;margin:0">
            <input type="hidden" name="{tokens.FormFieldName}" value="{E(tokens.RequestToken)}">
            <button type="submit" style="min-height:0;padding:.1rem .6rem;background:#fff;color:#a50e0e">Đăng xuất</button></form></header>
            """;
    }
}
