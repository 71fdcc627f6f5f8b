namespace HaiLong.TestSupport;

/// <summary>
/// The checkout the tests and tools run from: its root (the folder with HaiLong.sln above the binaries) and its own source
/// files — what the source scanners (no markup in C#, no text in components, audit codes, line length…) read, without
/// what a build writes under bin/ and obj/.
/// </summary>
public static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HaiLong.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("HaiLong.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A folder of the checkout by its path from the root, e.g. <c>Path("src")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root(), .. parts]);

    /// <summary>The files under <paramref name="folder"/> whose names end with one of <paramref name="extensions"/>.</summary>
    public static IEnumerable<string> SourceFiles(string folder, params string[] extensions) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Where(f => !IsBuildOutput(System.IO.Path.GetRelativePath(folder, f)));

    /// <summary>Each line of those files, numbered from 1, with the file's path relative to <paramref name="folder"/>.</summary>
    public static IEnumerable<(string File, int Line, string Text)> SourceLines(string folder, params string[] extensions) =>
        SourceFiles(folder, extensions).SelectMany(file => File.ReadLines(file)
            .Select((text, i) => (System.IO.Path.GetRelativePath(folder, file), i + 1, text)));

    private static bool IsBuildOutput(string relative) =>
        relative.Split(System.IO.Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
