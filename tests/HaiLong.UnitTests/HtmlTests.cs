using HaiLong.Api.Infrastructure;

namespace HaiLong.UnitTests;

public sealed class HtmlTests
{
    [Fact]
    public void Citizen_text_is_encoded_so_markup_is_inert()
    {
        Assert.Equal("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", Html.E("<script>alert(\"x\")</script>"));
    }

    [Fact]
    public void Vietnamese_text_survives_encoding_readably_in_the_document()
    {
        var page = Html.Document("Phiếu khảo sát", "<p>Rất hài lòng</p>");
        Assert.Contains("<html lang=\"vi\">", page);
        Assert.Contains("Rất hài lòng", page);
    }
}
