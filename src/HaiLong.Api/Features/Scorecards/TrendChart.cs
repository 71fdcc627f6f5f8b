using System.Globalization;
using System.Text;
using static HaiLong.Api.Infrastructure.Html;

namespace HaiLong.Api.Features.Scorecards;

/// <summary>Monthly satisfaction as an inline SVG line chart: no script, no external asset, readable without colour.</summary>
public static class TrendChart
{
    public static string Svg(IReadOnlyList<TrendPoint> months, string title)
    {
        const int width = 640, height = 240, left = 44, right = 24, top = 16, bottom = 40;
        var plotW = width - left - right;
        var plotH = height - top - bottom;
        double X(int i) => left + (months.Count <= 1 ? plotW / 2.0 : i * plotW / (double)(months.Count - 1));
        double Y(double rate) => top + (1 - rate) * plotH;
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var sb = new StringBuilder();
        sb.Append($"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="trend-title" class="trend">""");
        sb.Append($"""<title id="trend-title">{E(title)}</title>""");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            var y = Y(tick / 100.0);
            sb.Append($"""<line x1="{left}" x2="{width - right}" y1="{F(y)}" y2="{F(y)}" stroke="#e5e7eb"/>""");
            sb.Append($"""<text x="{left - 6}" y="{F(y + 4)}" font-size="11" text-anchor="end" fill="#4b5563">{tick}%</text>""");
        }
        // A line joins only months that have enough answers; a month below the minimum breaks the line.
        var segment = new List<string>();
        void Flush()
        {
            if (segment.Count > 1) sb.Append($"""<polyline fill="none" stroke="#0b57d0" stroke-width="2.5" points="{string.Join(' ', segment)}"/>""");
            segment.Clear();
        }
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            sb.Append($"""<text x="{F(X(i))}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" fill="#4b5563">{m.Month.Month:00}/{m.Month.Year % 100:00}</text>""");
            if (m.Enough && m.Rate is { } rate) segment.Add($"{F(X(i))},{F(Y(rate))}");
            else Flush();
        }
        Flush();
        for (var i = 0; i < months.Count; i++)
        {
            var m = months[i];
            if (m.Enough && m.Rate is { } rate)
            {
                sb.Append($"""<circle cx="{F(X(i))}" cy="{F(Y(rate))}" r="4" fill="#0b57d0"><title>{m.Month.Month:00}/{m.Month.Year}: {rate * 100:0.#}% (n = {m.N})</title></circle>""");
            }
            else
            {
                sb.Append($"""<circle cx="{F(X(i))}" cy="{F(Y(0))}" r="3" fill="#fff" stroke="#9ca3af"><title>{m.Month.Month:00}/{m.Month.Year}: {Score.NotEnoughVi} (n = {m.N})</title></circle>""");
            }
        }
        sb.Append($"""<text x="{left}" y="{height - 6}" font-size="11" fill="#4b5563">Tỷ lệ hài lòng (Hài lòng + Rất hài lòng) theo tháng; điểm rỗng: {Score.NotEnoughVi}</text>""");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
