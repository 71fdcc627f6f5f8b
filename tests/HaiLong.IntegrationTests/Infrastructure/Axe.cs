namespace HaiLong.IntegrationTests.Infrastructure;

/// <summary>
/// axe-core's whole rule set on a page as it is now, with the axe-core that Deque.AxeCore.Playwright bundles (the same
/// version and rules as its <c>RunAxe()</c>), run the lean way. <c>RunAxe()</c> cost about 1.8 s a page at a load of 11:
/// it sends the 0.6 MB script into the page, runs axe in parts (<c>runPartial</c>, built for pages with cross-origin
/// iframes, which ours never have), then opens a blank page in a new browser context, sends the script again to
/// <c>finishRun</c> there, and carries every passing node back through JSON. Here the script goes in once per document
/// (only if that document has no axe yet), one <c>axe.run</c> over the document reports the nodes of violations only
/// (passes keep their rule ids), and the page returns just what an assertion prints: about 0.3 s a page
/// (docs/DEVELOPING.md, "Keeping the suite fast").
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Inject =
        new(() => $"() => {{ if (typeof window.axe === 'undefined') {{ {new Deque.AxeCore.Commons.BundledAxeScriptProvider().GetScript()} }} }}");

    private const string Run = """
        async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return {
            passes: r.passes.map(p => p.id),
            violations: r.violations.map(v => ({ id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map(n => n.html) })),
          };
        }
        """;

    /// <summary>The rules the page passed (never empty when axe ran) and every violation, of any impact.</summary>
    public static async Task<AxeFindings> RunAsync(IPage page)
    {
        await page.EvaluateAsync(Inject.Value);
        var found = await page.EvaluateAsync<JsonElement>(Run);
        return found.Deserialize<AxeFindings>(JsonSerializerOptions.Web)!;
    }
}

public sealed record AxeFindings(string[] Passes, AxeViolation[] Violations);

public sealed record AxeViolation(string Id, string Impact, string Help, string[] Nodes);
