using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using static HaiLong.IntegrationTests.Evaluations.EvaluationWorld;

namespace HaiLong.IntegrationTests.Api;

/// <summary>
/// Text that no API would accept any more is written straight into the database, as data stored before the input boundary
/// (or arriving by a path nobody thought of) would be; every workbook and CSV must still download and open.
/// </summary>
public sealed class ExportSafetyTests(HaiLongApp app) : IClassFixture<HaiLongApp>
{
    // Every class PostgreSQL can store: control characters, non-characters, line breaks and tabs, an emoji (a surrogate pair),
    // Vietnamese and markup. NUL and lone surrogates it refuses, so only the unit tests (ExportTextTests) can give them.
    private const string Body = " \u0001\u0008\u000B\u000C\u001F|\uFFFE\uFFFF|tab\tand\r\nnewline|😀|Nguyễn Thị Ánh|<script>&amp;";
    private const string Letters = "Nguyễn Thị Ánh";

    private static string Nasty(string prefix, string marker) => $"{prefix} {marker}{Body}";

    private const string Period = "period=year&date=2025-01-01";

    [Fact]
    public async Task Every_workbook_and_csv_downloads_and_opens_with_the_nasty_text_made_safe()
    {
        var province = await UnitIdAsync(app, DemoWorld.ProvinceCode);
        var wardA = await UnitIdAsync(app, WardA);
        var wardB = await UnitIdAsync(app, WardB);
        var officials = await OfficialIdsAsync(app);
        var official = officials["CR-005"];
        int[] procedures;
        await using (var db = app.NewDbContext())
        {
            procedures = await db.Procedures.OrderBy(p => p.Id).Select(p => p.Id).Take(3).ToArrayAsync();
            db.ProcedureRollups.AddRange(procedures.Select(p => new ProcedureRollup
            {
                UnitId = wardA, ProcedureId = p, PeriodKind = PeriodKind.Year, PeriodStart = new DateOnly(EvalYear, 1, 1),
                Criterion = Criteria.Overall, Stats = new() { Count = 40, Score4 = 30, Score2 = 10, Sum = 140, SumSquares = 520 },
            }));
            await db.SaveChangesAsync();
        }
        await AddRollupsAsync(app,
            Year(SubjectKind.Unit, wardA, 300, 240), Year(SubjectKind.Unit, wardB, 200, 150),
            Year(SubjectKind.Official, official, 80, 74),
            Quarter(SubjectKind.Unit, wardA, 1, 100, 80), Quarter(SubjectKind.Unit, wardA, 2, 100, 70),
            Overall(SubjectKind.Unit, wardA, PeriodKind.Month, new DateOnly(EvalYear, 1, 1), 50, 40),
            Overall(SubjectKind.Official, official, PeriodKind.Month, new DateOnly(EvalYear, 1, 1), 50, 45));

        // The registry, poisoned below the API (raw SQL: no audit entry, no validation).
        await using (var db = app.NewDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE units SET name = {Nasty("=HYPERLINK(\"http://x\")", "DONVI")}");
            await db.Database.ExecuteSqlAsync($"UPDATE units SET code = code || {"\u000B\uFFFE😀"} WHERE code = {WardB}");
            await db.Database.ExecuteSqlAsync($"UPDATE agencies SET name = {Nasty("@SUM(A1)", "COQUAN")}");
            await db.Database.ExecuteSqlAsync($"UPDATE officials SET full_name = {Nasty("+1", "CANBO")}, position = {Nasty("-1", "CHUCVU")}");
            await db.Database.ExecuteSqlAsync(
                $"UPDATE officials SET staff_code = {"\u0001=1+1"} || staff_code || {"\uFFFF😀"} WHERE id = {officials["CR-006"]}");
            await db.Database.ExecuteSqlAsync($"UPDATE procedures SET name = {Nasty("=1+2", "THUTUC")}, field = {Nasty("-2", "LINHVUC")}");
            await db.Database.ExecuteSqlAsync($"UPDATE evaluation_policies SET basis = {Nasty("+", "CANCU")}");
        }

        // The evaluation cycle's own texts go in through the API clean, then are poisoned too.
        var admin = await app.ClientAsAsync(DemoUsers.Administrator);
        var cycle = await CreateCycleAsync(admin, province);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/evaluations/{cycle}/targets",
            new { unitId = wardA, title = "Chỉ tiêu", targetValue = 100, achievedValue = 80, evidence = "https://example.org" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/evaluations/{cycle}/dossier-figures/{wardA}",
            new { dossiersTotal = 100, dossiersOverdue = 3, source = "Báo cáo" })).StatusCode);
        await using (var db = app.NewDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE evaluation_targets SET title = {Nasty("=", "CHITIEU")}, evidence = {Nasty("@", "MINHCHUNG")}");
            await db.Database.ExecuteSqlAsync($"UPDATE evaluation_dossier_figures SET source = {Nasty("-", "NGUONSOLIEU")}");
        }
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/evaluations/{cycle}/compute", null)).StatusCode);
        await RunJobAsync(app, cycle);
        await using (var db = app.NewDbContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE evaluation_results SET note = {Nasty("=CMD|' /C calc'!A0", "GHICHU")}");
        }

        string[] evaluationMarkers = ["DONVI", "COQUAN", "CANBO", "CHUCVU", "CANCU", "CHITIEU", "MINHCHUNG", "NGUONSOLIEU", "GHICHU"];
        var working = OpenedWorkbook(await DownloadAsync(admin, $"/api/evaluations/{cycle}/export.xlsx"));
        AssertSanitised(working, evaluationMarkers);
        Assert.Contains("\uFFFD=1+1CR-006\uFFFD😀", working);
        Assert.Contains($"{WardB}\uFFFD\uFFFD😀", working);

        // The frozen snapshot goes through jsonb and back: the export reads the stored text, so it must be as safe.
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/evaluations/{cycle}/freeze", null)).StatusCode);
        var frozenBytes = await DownloadAsync(admin, $"/api/evaluations/{cycle}/export.xlsx");
        AssertSanitised(OpenedWorkbook(frozenBytes), evaluationMarkers);
        Assert.Equal(frozenBytes, await DownloadAsync(admin, $"/api/evaluations/{cycle}/export.xlsx"));

        // The ward's and the official's scorecards, in both formats.
        var leader = await app.ClientAsAsync(DemoUsers.WardLeaderA);
        var views = new (string View, string[] XlsxMarkers, string[] CsvMarkers)[]
        {
            ("overview", ["DONVI"], []),
            ("officials", ["DONVI", "CANBO", "CHUCVU"], ["CANBO", "CHUCVU"]),
            ("procedures", ["DONVI", "THUTUC", "LINHVUC"], ["THUTUC", "LINHVUC"]),
            ("trend", ["DONVI"], []),
        };
        foreach (var (view, xlsxMarkers, csvMarkers) in views)
        {
            var url = $"/api/scorecards/units/{wardA}/export?view={view}&{Period}";
            AssertSanitised(OpenedWorkbook(await DownloadAsync(leader, url + "&format=xlsx")), xlsxMarkers);
            AssertSanitised(ParsedCsv(await DownloadAsync(leader, url + "&format=csv")), csvMarkers);
        }
        var officialUrl = $"/api/scorecards/officials/{official}/export?{Period}";
        AssertSanitised(OpenedWorkbook(await DownloadAsync(leader, officialUrl + "&format=xlsx")), ["CANBO", "COQUAN"]);
        AssertSanitised(ParsedCsv(await DownloadAsync(leader, officialUrl + "&format=csv")), []);
        // The poisoned staff code is in the title and in the download's file name too.
        var poisonedCodeUrl = $"/api/scorecards/officials/{officials["CR-006"]}/export?{Period}";
        Assert.Contains("\uFFFD=1+1CR-006\uFFFD😀", OpenedWorkbook(await DownloadAsync(leader, poisonedCodeUrl + "&format=xlsx"))
            .Single(t => t.Contains("CANBO", StringComparison.Ordinal)));
        AssertSanitised(ParsedCsv(await DownloadAsync(leader, poisonedCodeUrl + "&format=csv")), []);

        // The open-data CSV, anonymous.
        var openData = ParsedCsv(await DownloadAsync(app.AnonymousClient(), $"/cong-khai/{WardA}/du-lieu.csv?year={EvalYear}"));
        AssertSanitised(openData, ["DONVI"]);
        Assert.Contains(openData, t => t.StartsWith("'=HYPERLINK(\"http://x\") DONVI", StringComparison.Ordinal));
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        Assert.NotNull(response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The workbook's cell texts, after the SDK's validator found nothing wrong with it.</summary>
    private static List<string> OpenedWorkbook(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var errors = new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
        var cells = document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<Cell>()).ToList();
        // Text is written as an inline string, never as a formula: a spreadsheet shows "=…" and does not run it.
        Assert.DoesNotContain(cells, c => c.CellFormula is not null);
        Assert.All(cells.Where(c => c.DataType is not null && c.DataType.Value != CellValues.Number),
            c => Assert.Equal(CellValues.InlineString, c.DataType!.Value));
        return [.. cells.Select(c => c.InnerText)];
    }

    /// <summary>Every field of the CSV, after a strict parser read it with the header's field count on every row.</summary>
    private static List<string> ParsedCsv(byte[] bytes)
    {
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes.Take(3));
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        AssertNoForbiddenCharacters(text);
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            DetectSeparatorHint = false,
        };
        using var csv = CsvReader.FromText(text, options);
        csv.ReadHeader();
        var fields = new List<string>(csv.Headers);
        var rows = 0;
        while (csv.Read())
        {
            rows++;
            for (var i = 0; i < csv.FieldCount; i++) fields.Add(csv.GetString(i));
        }
        Assert.True(rows > 0, "the CSV has no rows");
        // A field starting like a formula is defused with a leading apostrophe, so a spreadsheet shows it instead of running it.
        Assert.DoesNotContain(fields, f => f.Length > 0 && "=+-@".Contains(f[0]));
        return fields;
    }

    /// <summary>Each marked field is there with its letters, emoji and markup, its forbidden characters replaced.</summary>
    private static void AssertSanitised(List<string> texts, string[] markers)
    {
        foreach (var text in texts) AssertNoForbiddenCharacters(text);
        foreach (var marker in markers)
        {
            Assert.Contains(texts, t => t.Contains(marker, StringComparison.Ordinal)
                && t.Contains(Letters, StringComparison.Ordinal) && t.Contains("😀", StringComparison.Ordinal)
                && t.Contains("<script>&amp;", StringComparison.Ordinal) && t.Contains("tab\tand", StringComparison.Ordinal)
                && t.Contains("\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD|\uFFFD\uFFFD|", StringComparison.Ordinal));
        }
    }

    /// <summary>XML 1.0's Char production: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and whole surrogate pairs.</summary>
    private static void AssertNoForbiddenCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            var allowed = c is '\t' or '\n' or '\r' || (c >= '\u0020' && c <= '\uFFFD' && !char.IsSurrogate(c));
            Assert.True(allowed, $"U+{(int)c:X4} at {i} in \"{text}\"");
        }
    }
}
