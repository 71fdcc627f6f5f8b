using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;

namespace HaiLong.TestSupport;

/// <summary>
/// Property-based bad-input sweep: generates requests for every operation of the OpenAPI document (plus the citizen pages,
/// which are not in it) from the operations' own schemas, mostly plausible with one or more values made hostile — control
/// characters, NUL, non-characters, lone surrogates, nulls inside lists, missing required members, huge and negative
/// numbers, undefined enum values, over-long strings, duplicated keys, wrong content types — and sends each as one of the
/// given roles. It requires no 5xx, every 4xx a ProblemDetails (a citizen page: a Vietnamese HTML page), and that a refused
/// request changes no table (per-table checksums). Shared by the test suite (fixed seed) and the fault tool (large, random).
/// </summary>
public sealed class InputSweep(JsonNode document, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Written on every request by design (audit of refusals, sign-in bookkeeping, keys, rate limits), never by input.</summary>
    /// <summary>The server's default request body limit (HaiLong:MaxRequestBodyBytes).</summary>
    public const long BodyLimit = 1_048_576;

    public static readonly HashSet<string> BookkeepingTables = ["audit_entries", "data_protection_keys", "__EFMigrationsHistory"];

    /// <summary>Routes outside the document: the citizen pages (HTML; their refusals are Vietnamese pages for a browser).</summary>
    private static readonly (string Method, string Path, string[] Fields)[] CitizenPages =
    [
        ("GET", "/s/{token}", ["lang"]),
        ("POST", "/s/{token}", ["lang", "q1", "q2", "q3", "comment", "__RequestVerificationToken"]),
        ("POST", "/s/{token}/thanks", ["lang", "r", "criteria"]),
        ("GET", "/c", ["code"]),
        ("GET", "/c/new", ["unit", "r"]),
        ("POST", "/c/new", ["unit", "r", "type", "subject", "content", "name", "phone", "email", "address"]),
        ("GET", "/c/{code}", ["new"]),
        ("POST", "/c/{code}/feedback", ["satisfied", "comment"]),
    ];

    public static readonly string[] Nasty =
    [
        "a\u0000b", "\u0001\u0002\u0008", "x\u000By\u000Cz", "\u001F", "\u007F\u0085\u009F", "\uFFFE", "\uFFFF", "\uFDD0",
        "\uD800", "\uDC00", "a\uD800b", "\uDBFF\uDFFF", "Nguyễn\u0000Văn", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)",
        "<script>alert(1)</script>", "' OR 1=1 --", "%00", "../../etc/passwd", "😀", "\u202Eevil", "",
    ];

    public sealed record Probe(string Operation, string Method, string Url, HttpContent? Content, bool CitizenPage, bool WantsHtml)
    {
        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(new HttpMethod(Method), Url) { Content = Content };
            if (WantsHtml) request.Headers.Accept.ParseAdd("text/html");
            return request;
        }
    }

    public IEnumerable<Probe> Generate()
    {
        var operations = Operations().ToList();
        while (true)
        {
            yield return operations[_random.Next(operations.Count)]();
        }
    }

    private IEnumerable<Func<Probe>> Operations()
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description" or "servers") continue;
                var op = operation!;
                var name = op["operationId"]?.ToString() ?? $"{method} {path}";
                var citizen = path.StartsWith("/cong-khai");
                yield return () => ApiProbe(name, method.ToUpperInvariant(), path, op, citizen);
            }
        }
        foreach (var (method, path, fields) in CitizenPages)
        {
            yield return () => CitizenProbe(method, path, fields);
        }
    }

    private Probe ApiProbe(string name, string method, string path, JsonNode operation, bool citizen)
    {
        var parameters = operation["parameters"]?.AsArray().Select(p => Resolve(p)!).ToList() ?? [];
        var url = Regex.Replace(path, "{([^}]+)}", m =>
        {
            var p = parameters.FirstOrDefault(x => x["name"]?.ToString() == m.Groups[1].Value);
            return Uri.EscapeDataString(ScalarText(Resolve(p?["schema"])));
        });
        var query = new List<string>();
        foreach (var p in parameters.Where(p => p["in"]?.ToString() == "query"))
        {
            if (Chance(0.3)) continue;
            query.Add($"{Uri.EscapeDataString(p["name"]!.ToString())}={Uri.EscapeDataString(ScalarText(Resolve(p["schema"])))}");
        }
        if (Chance(0.05)) query.Add($"{Pick(Nasty)}={Pick(Nasty)}".Replace("&", "%26"));
        if (query.Count > 0) url += "?" + string.Join('&', query.Select(q => q.Replace("%", Chance(0.02) ? "%25" : "%")));

        HttpContent? content = null;
        if (operation["requestBody"]?["content"] is JsonObject media)
        {
            content = Body(media);
        }
        else if (Chance(0.05))
        {
            content = new StringContent("{\"unexpected\":true}", Encoding.UTF8, "application/json");
        }
        return new Probe(name, method, url, content, citizen, citizen && Chance(0.5));
    }

    private Probe CitizenProbe(string method, string path, string[] fields)
    {
        var url = path.Replace("{token}", Uri.EscapeDataString(Chance(0.5) ? RandomToken() : Pick(Nasty)))
            .Replace("{code}", Uri.EscapeDataString(Chance(0.5) ? "ABCDE23456" : Pick(Nasty)));
        HttpContent? content = null;
        var pairs = fields.Where(_ => Chance(0.7)).Select(f => new KeyValuePair<string, string>(f, Chance(0.5) ? Pick(Nasty) : Plausible(f))).ToList();
        if (method == "GET")
        {
            if (pairs.Count > 0) url += "?" + string.Join('&', pairs.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
        }
        else if (Chance(0.5))
        {
            content = new FormUrlEncodedContent(pairs);
        }
        else
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (k, v) in pairs) multipart.Add(new StringContent(v), k);
            if (Chance(0.3))
            {
                var file = new ByteArrayContent(new byte[_random.Next(1, 4096)]);
                file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"attachments\"", FileName = "\"photo.jpg\"" };
                try
                {
                    // RFC 5987 encoding carries any name, hostile ones included.
                    file.Headers.ContentDisposition.FileNameStar = Pick(Nasty) + ".jpg";
                }
                catch (ArgumentException)
                {
                }
                multipart.Add(file);
            }
            content = multipart;
        }
        return new Probe($"{method} {path}", method, url, content, true, Chance(0.7));
    }

    private static string Plausible(string field) => field switch
    {
        "lang" => "vi",
        "type" => "Petition",
        "subject" => "unit",
        "unit" => "DEMO-92-CR",
        "satisfied" => "yes",
        "q1" or "q2" or "q3" => "5",
        _ => "Nội dung thử",
    };

    private string RandomToken()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private HttpContent Body(JsonObject media)
    {
        var roll = _random.NextDouble();
        if (roll < 0.04) return new StringContent("hello", Encoding.UTF8, "text/plain");
        if (roll < 0.06) return new StringContent("<a/>", Encoding.UTF8, "application/xml");
        if (roll < 0.08) return new FormUrlEncodedContent([new("name", Pick(Nasty))]);
        if (roll < 0.10) return new StringContent("{\"a\": ", Encoding.UTF8, "application/json");
        if (roll < 0.12) return new StringContent(Pick(["null", "[]", "[null]", "1e999", "\"x\"", "{}"]), Encoding.UTF8, "application/json");
        if (media["text/csv"] is not null)
        {
            var csv = new StringBuilder("code,name,field,staff_code,full_name,position,agency_code,is_leader,active_from,active_to\n");
            for (var i = 0; i < _random.Next(1, 4); i++)
            {
                csv.AppendJoin(',', Enumerable.Range(0, 10).Select(_ => Chance(0.3) ? Pick(Nasty).Replace(",", "") : "x" + _random.Next(1000)));
                csv.Append('\n');
            }
            return new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        }
        var schema = Resolve(media["application/json"]?["schema"]);
        var json = new StringBuilder();
        WriteValue(json, schema, 0);
        return new StringContent(json.ToString(), Encoding.UTF8, "application/json");
    }

    /// <summary>A value for the schema: usually a plausible one, sometimes a hostile one. Written by hand so that lone
    /// surrogates and duplicated keys can be expressed at all.</summary>
    private void WriteValue(StringBuilder json, JsonNode? schema, int depth)
    {
        schema = Resolve(schema);
        if (Chance(0.06) || depth > 6)
        {
            json.Append(Pick(["null", "12345", "\"text\"", "true", "[]", "{}", "-1", "99999999999999999999", "1e308", "-2147483649", "1.5"]));
            return;
        }
        var types = Types(schema);
        if (schema?["enum"] is JsonArray values && values.Count > 0 && !Chance(0.15))
        {
            json.Append(values[_random.Next(values.Count)]?.ToJsonString() ?? "null");
            return;
        }
        if (types.Contains("object") || schema?["properties"] is not null)
        {
            json.Append('{');
            var first = true;
            var required = schema?["required"]?.AsArray().Select(r => r!.ToString()).ToHashSet() ?? [];
            foreach (var (name, property) in schema?["properties"]?.AsObject() ?? [])
            {
                if (Chance(required.Contains(name) ? 0.05 : 0.3)) continue;
                var times = Chance(0.03) ? 2 : 1;
                for (var t = 0; t < times; t++)
                {
                    if (!first) json.Append(',');
                    first = false;
                    WriteString(json, Chance(0.01) ? name + Pick(Nasty) : name);
                    json.Append(':');
                    WriteValue(json, property, depth + 1);
                }
            }
            if (Chance(0.05))
            {
                if (!first) json.Append(',');
                WriteString(json, "unknown" + _random.Next(10));
                json.Append(":1");
            }
            json.Append('}');
            return;
        }
        if (types.Contains("array"))
        {
            json.Append('[');
            var count = Chance(0.05) ? _random.Next(50, 200) : _random.Next(0, 4);
            for (var i = 0; i < count; i++)
            {
                if (i > 0) json.Append(',');
                if (Chance(0.1)) json.Append("null");
                else WriteValue(json, schema?["items"], depth + 1);
            }
            json.Append(']');
            return;
        }
        if (types.Contains("integer") || types.Contains("number"))
        {
            json.Append(Number(schema, types.Contains("integer")));
            return;
        }
        if (types.Contains("boolean"))
        {
            json.Append(Chance(0.9) ? (Chance(0.5) ? "true" : "false") : "\"yes\"");
            return;
        }
        WriteString(json, Text(schema));
    }

    private string Number(JsonNode? schema, bool integer)
    {
        if (Chance(0.2)) return Pick(["-1", "0", "-2147483648", "2147483647", "9223372036854775807", "99999999999999999999", "1e30", "-1e30", "123"]);
        var min = schema?["minimum"]?.GetValue<double>() ?? 0;
        var max = schema?["maximum"]?.GetValue<double>() ?? 30;
        var value = min + _random.NextDouble() * Math.Min(max - min, 1000);
        return integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);
    }

    private string Text(JsonNode? schema)
    {
        var roll = _random.NextDouble();
        var max = schema?["maxLength"]?.GetValue<int>();
        if (roll < 0.25) return Pick(Nasty);
        if (roll < 0.32) return new string('ệ', (max ?? 5000) + 1 + _random.Next(3));
        if (roll < 0.35) return new string('x', 100_000);
        var format = schema?["format"]?.ToString();
        return format switch
        {
            "date" => Chance(0.8) ? $"2026-{_random.Next(1, 13):00}-{_random.Next(1, 29):00}" : Pick(["0001-01-01", "9999-12-31", "2026-02-30", "yesterday"]),
            "date-time" => Chance(0.8)
                ? $"2026-{_random.Next(1, 13):00}-{_random.Next(1, 29):00}T0{_random.Next(0, 9)}:00:00+07:00"
                : Pick(["0001-01-01T00:00:00Z", "not a time"]),
            "uuid" => Chance(0.8) ? Guid.NewGuid().ToString() : "not-a-guid",
            _ => Pick(["Phường Cái Răng", "DEMO-92-CR", "Nguyễn Văn A", "a", "Hộ tịch", "2026", "0901234567", "x@example.com"]),
        };
    }

    private string ScalarText(JsonNode? schema)
    {
        var types = Types(schema);
        if (Chance(0.2)) return Pick(Nasty);
        if (schema?["enum"] is JsonArray values && values.Count > 0 && !Chance(0.15)) return values[_random.Next(values.Count)]?.ToString() ?? "";
        if (types.Contains("integer") || types.Contains("number"))
        {
            return Chance(0.7) ? _random.Next(1, 40).ToString(CultureInfo.InvariantCulture) : Number(schema, true);
        }
        if (types.Contains("boolean")) return Chance(0.5) ? "true" : "nope";
        return Text(schema);
    }

    private static HashSet<string> Types(JsonNode? schema)
    {
        var type = schema?["type"];
        if (type is JsonArray list) return list.Select(t => t!.ToString()).ToHashSet();
        if (type is not null) return [type.ToString()];
        if (schema?["oneOf"] is JsonArray or || schema?["anyOf"] is JsonArray) return ["string"];
        return [];
    }

    private static void WriteString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') json.Append('\\').Append(c);
            else if (c < 0x20 || c > 0x7e) json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else json.Append(c);
        }
        json.Append('"');
    }

    private JsonNode? Resolve(JsonNode? schema)
    {
        schema = OpenApiJson.Resolve(schema, document);
        if (schema?["oneOf"] is JsonArray oneOf && oneOf.Count > 0)
        {
            return Resolve(oneOf.FirstOrDefault(s => Resolve(s)?["type"]?.ToString() != "null") ?? oneOf[0]);
        }
        if (schema?["anyOf"] is JsonArray anyOf && anyOf.Count > 0)
        {
            return Resolve(anyOf.FirstOrDefault(s => Resolve(s)?["type"]?.ToString() != "null") ?? anyOf[0]);
        }
        return schema;
    }

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>What is wrong with one answer, or null when it is acceptable.</summary>
    public static async Task<string?> JudgeAsync(Probe probe, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        if (status >= 500) return $"{status}: {Truncate(await response.Content.ReadAsStringAsync())}";
        if (status < 400) return null;
        // Documented exception: Kestrel refuses a NUL in the path (and an over-long request line) before any middleware runs.
        if (status is 400 or 414 or 431 && type is null && (probe.Url.Split('?')[0].Contains("%00") || probe.Url.Length > 8000)) return null;
        if (probe.CitizenPage && type == "text/html")
        {
            // The citizen pages answer every client with the page a person reads: Vietnamese (or English on request).
            var html = await response.Content.ReadAsStringAsync();
            return html.Contains("<html lang=\"vi\"") || html.Contains("<html lang=\"en\"") ? null : $"{status} HTML page without a language";
        }
        if (probe.CitizenPage && probe.WantsHtml && type != "application/problem+json") return $"{status} with {type ?? "no body"} on a citizen page";
        return type == "application/problem+json" ? null : $"{status} with {type ?? "no body"}, not a ProblemDetails";
    }

    private static string Truncate(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>One checksum per table (order-independent), so that an UPDATE that keeps the row count is seen too.</summary>
    public static async Task<Dictionary<string, string>> ChecksumsAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        var tables = await conn.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
        var sql = string.Join(" UNION ALL ", tables.Where(t => !BookkeepingTables.Contains(t)).Select(t =>
            $"SELECT '{t}' AS \"Table\", coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS \"Sum\" FROM \"{t}\" x"));
        var sums = (await conn.QueryAsync<(string Table, string Sum)>(sql)).ToDictionary(r => r.Table, r => r.Sum);
        return sums;
    }

    public sealed class Report
    {
        public int Sent { get; set; }
        public Dictionary<int, int> ByStatus { get; } = [];
        public List<string> Failures { get; } = [];
        public int CheckedBatches { get; set; }
        public int Unsendable { get; set; }
        public int CutAtBodyLimit { get; set; }
        public HashSet<string> Operations { get; } = [];
        public HashSet<string> Roles { get; } = [];

        public string Summary() =>
            $"{Sent} requests over {Operations.Count} operations as {Roles.Count} roles; " +
            string.Join(", ", ByStatus.GroupBy(kv => kv.Key / 100).OrderBy(g => g.Key).Select(g => $"{g.Key}xx: {g.Sum(kv => kv.Value)}")) +
            $"; {CheckedBatches} refused-only batches checksum-compared; {CutAtBodyLimit} uploads cut at the body limit; {Failures.Count} failures";
    }

    /// <summary>
    /// Sends <paramref name="count"/> probes in batches; a batch that holds no accepted change (every non-GET refused) must
    /// leave every table's checksum as it was.
    /// </summary>
    public async Task<Report> RunAsync(IReadOnlyList<(string Role, HttpClient Client)> clients, string connectionString, int count,
        Action<Report>? progress = null, int batch = 40)
    {
        var report = new Report();
        var before = await ChecksumsAsync(connectionString);
        using var probes = Generate().GetEnumerator();
        while (report.Sent < count)
        {
            var changedSomething = false;
            var sentInBatch = new List<string>();
            for (var i = 0; i < batch && report.Sent < count; i++)
            {
                probes.MoveNext();
                var probe = probes.Current;
                var (role, client) = clients[_random.Next(clients.Count)];
                using var request = probe.ToRequest();
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (HttpRequestException) when (probe.Content?.Headers.ContentLength > BodyLimit)
                {
                    // Kestrel answers a body over its limit with 413 and closes the connection while the client is still
                    // sending, so the client sees a broken upload instead of the answer. Nothing reached a handler.
                    report.CutAtBodyLimit++;
                    continue;
                }
                catch (HttpRequestException e)
                {
                    report.Failures.Add($"{role} {probe.Method} {probe.Url}: connection failed: {e.Message}");
                    continue;
                }
                catch (InvalidOperationException) when (probe.Url.Split('?')[0].Contains("%00"))
                {
                    // The in-process test server cannot even carry a NUL in the path (Kestrel answers it with a bare 400).
                    report.Unsendable++;
                    continue;
                }
                using (response)
                {
                    report.Sent++;
                    report.Operations.Add(probe.Operation);
                    report.Roles.Add(role);
                    var status = (int)response.StatusCode;
                    report.ByStatus[status] = report.ByStatus.GetValueOrDefault(status) + 1;
                    if (await JudgeAsync(probe, response) is { } problem) report.Failures.Add($"{role} {probe.Method} {probe.Url} → {problem}");
                    if (status < 400 && probe.Method is not ("GET" or "HEAD")) changedSomething = true;
                    sentInBatch.Add($"{role} {probe.Method} {probe.Url} → {status}");
                }
            }
            var after = await ChecksumsAsync(connectionString);
            if (!changedSomething)
            {
                report.CheckedBatches++;
                foreach (var (table, sum) in after)
                {
                    if (before.GetValueOrDefault(table) != sum)
                    {
                        report.Failures.Add($"table {table} changed in a batch where every change was refused:\n  " + string.Join("\n  ", sentInBatch));
                    }
                }
            }
            before = after;
            progress?.Invoke(report);
        }
        return report;
    }
}
