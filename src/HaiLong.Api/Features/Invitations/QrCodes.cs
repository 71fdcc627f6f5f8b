using QRCoder;

namespace HaiLong.Api.Features.Invitations;

/// <summary>QR images of a survey URL. Error correction M survives a creased receipt without making the code dense.</summary>
public static class QrCodes
{
    public static byte[] Png(string url, int pixelsPerModule = 10)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule);
    }

    public static string Svg(string url)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }

    public static string PngDataUri(string url) => $"data:image/png;base64,{Convert.ToBase64String(Png(url))}";
}
