using Microsoft.AspNetCore.Mvc.Testing;

namespace HaiLong.IntegrationTests.Scorecards;

public static partial class CookieClient
{
    /// <summary>A client signed in through the staff login form, as the pages are used.</summary>
    public static async Task<HttpClient> CookieClientAsync(this HaiLongApp app, string userName, string password = Seeder.DemoPassword)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/staff/login");
        var token = PageForms.AntiforgeryToken(form);
        var response = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = WebUtility.HtmlDecode(token),
            ["userName"] = userName,
            ["password"] = password,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in failed: {response.StatusCode}");
        return client;
    }

}
