using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace HaiLong.IntegrationTests.Registry;

/// <summary>What the registry page tests share: signed-in browsers-without-a-browser and a form posted as a browser posts it.</summary>
public static partial class RegistryPagesWorld
{
    /// <summary>The administrator of ward A only, signed in through the sign-in page (cookie and antiforgery as a browser).</summary>
    public static async Task<HttpClient> WardAdminPagesAsync(HaiLongApp app, DemoIds ids)
    {
        await RegistryWorld.WardAdminAAsync(app, ids);
        return await app.CookieClientAsync(RegistryWorld.WardAdminA);
    }

    /// <summary>The demo world's ids and the administrator of ward A only, signed in through the sign-in page.</summary>
    public static async Task<(DemoIds Ids, HttpClient Admin)> WardAdminPagesAsync(HaiLongApp app)
    {
        var ids = await DemoIds.LoadAsync(app);
        return (ids, await WardAdminPagesAsync(app, ids));
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="path"/> with the antiforgery token of the form on <paramref name="formPage"/>.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string path,
        params (string Name, string Value)[] fields) =>
        PageForms.PostAsync(client, formPage, path, new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))));

    /// <summary>Uploads <paramref name="csv"/> as <paramref name="fileName"/> to the import page <paramref name="importPath"/>, with the
    /// page's antiforgery token, as a browser posts the form.</summary>
    public static async Task<HttpResponseMessage> UploadCsvAsync(HttpClient client, string importPath, string csv, string fileName)
    {
        var content = new MultipartFormDataContent { { new StringContent(await PageForms.TokenAsync(client, importPath)), "__af" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "file", fileName);
        return await client.PostAsync(importPath, content);
    }

    public static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The rows of the page's table <paramref name="tableId"/>.</summary>
    public static int Rows(string html, string tableId)
    {
        var table = Regex.Match(html, $"<table id=\"{tableId}\".*?<tbody>(.*?)</tbody>", RegexOptions.Singleline);
        Assert.True(table.Success, $"no table #{tableId}");
        return Regex.Count(table.Groups[1].Value, "<tr");
    }

    /// <summary>The form came back refused with <paramref name="status"/> and <paramref name="message"/> beside
    /// <paramref name="field"/>; the page, for what else it must show.</summary>
    public static async Task<string> AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string field, string message)
    {
        Assert.Equal(status, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Equal(message, FieldMessage(html, field));
        return html;
    }

    /// <summary>The message shown beside field <paramref name="field"/>, or null.</summary>
    public static string? FieldMessage(string html, string field) =>
        Regex.Match(html, $"<p class=\"field-error\" id=\"{field}-error\">(.*?)</p>", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value
            : null;

    /// <summary>The value an input of the page shows.</summary>
    public static string? InputValue(string html, string id) =>
        Regex.Match(html, $"<input type=\"text\" id=\"{id}\" name=\"{id}\" value=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    public static async Task<bool> AuditedAsync(HaiLongApp app, string action, string entityId, string userName)
    {
        await using var db = app.NewDbContext();
        var actor = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return await db.AuditEntries.AnyAsync(a => a.Action == action && a.EntityId == entityId && a.ActorId == actor);
    }
}
