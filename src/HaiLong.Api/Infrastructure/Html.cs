namespace HaiLong.Api.Infrastructure;

/// <summary>What both layouts say about a page when it says nothing itself.</summary>
public static class Html
{
    /// <summary>Without a description of its own, search engines and link previews get the title and what HaiLong is.</summary>
    internal static string DefaultDescription(string title, string lang) => lang == "en"
        ? $"{title}. HaiLong: citizens rate the public services of their ward and its officials; the results are published."
        : $"{title}. HaiLong: người dân đánh giá mức độ hài lòng với dịch vụ hành chính công của phường, xã và cán bộ; kết quả được công khai.";
}
