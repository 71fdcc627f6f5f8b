using QRCoder;

namespace HaiLong.Api.Features.Invitations;

/// <summary>QR images of a survey URL. Error correction M survives a creased receipt without making the code dense.</summary>
public static class QrCodes
{
    public static byte[] Png(string url, int pixelsPerModule = 10)
    {
        using var data = Encode(url);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string url)
    {
        using var data = Encode(url);
        return Svg(data);
    }

    /// <summary>
    /// Both images of one URL from one encoding: the encoding (mask scoring above all) is about half of what a PNG and an SVG
    /// cost together, so issuing both from one <see cref="QRCodeData"/> saves a third of the rendering (BENCHMARKS.md §4).
    /// </summary>
    public static (byte[] Png, string Svg) PngAndSvg(string url)
    {
        using var data = Encode(url);
        return (new PngByteQRCode(data).GetGraphic(10), Svg(data));
    }

    public static string PngDataUri(string url) => $"data:image/png;base64,{Convert.ToBase64String(Png(url))}";

    private static QRCodeData Encode(string url)
    {
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
    }

    private static string Svg(QRCodeData data) => new SvgQRCode(data).GetGraphic(8);
}
