using System.Diagnostics;

namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// Waiting for where a click leads, without losing the event that says so. Playwright .NET's <c>WaitForURLAsync</c> checks
/// the frame's address and load states and only then subscribes to its events, while another thread delivers them: a
/// <c>load</c> that arrives in between is lost, and the call waits out its whole timeout on a page that loaded long ago
/// (microsoft/playwright-dotnet#3364; a failure's log then shows only <c>"NetworkIdle" event fired</c>). The window is
/// tiny, so it bit only under load: <c>AdministratorJourneyTests</c> after saving a counter, the staff axe crawl after
/// signing in. What the lost event said is still recorded, so a fresh call finds it at its first check: this waits in
/// short slices until the same deadline. A slow page is allowed its whole timeout; a lost event costs one slice.
/// </summary>
public static class PageNavigation
{
    private const float Slice = 2_000;

    /// <summary>Playwright's own default; pass a test's longer one where it set the context's default higher.</summary>
    private const float DefaultTimeout = 30_000;

    public static Task WaitForAddressAsync(this IPage page, string glob, float timeout = DefaultTimeout,
        WaitUntilState? until = null) =>
        InSlicesAsync(options => page.WaitForURLAsync(glob, options), timeout, until);

    public static Task WaitForAddressAsync(this IPage page, Regex address, float timeout = DefaultTimeout,
        WaitUntilState? until = null) =>
        InSlicesAsync(options => page.WaitForURLAsync(address, options), timeout, until);

    public static Task WaitForAddressAsync(this IPage page, Func<string, bool> address, float timeout = DefaultTimeout,
        WaitUntilState? until = null) =>
        InSlicesAsync(options => page.WaitForURLAsync(address, options), timeout, until);

    private static async Task InSlicesAsync(Func<PageWaitForURLOptions, Task> wait, float timeout, WaitUntilState? until)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - (float)waited.Elapsed.TotalMilliseconds;
            try
            {
                await wait(new PageWaitForURLOptions { Timeout = Math.Max(1, Math.Min(Slice, left)), WaitUntil = until });
                return;
            }
            catch (TimeoutException) when (waited.Elapsed.TotalMilliseconds < timeout)
            {
                // A slice ran out: either the page is still on its way or its event was lost; the next call's check tells.
            }
        }
    }
}
