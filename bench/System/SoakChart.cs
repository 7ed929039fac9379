using System.Globalization;
using System.Text;

namespace Maimai.Benchmarks.SystemBench;

/// <summary>The soak's curves as one SVG: each silo's resident memory, its open sockets and PostgreSQL's connections over time.</summary>
internal static class SoakChart
{
    private const int Width = 900;
    private const int PanelHeight = 220;
    private const int Left = 70;
    private const int Right = 20;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];

    public static string Render(ClusterSampler sampler)
    {
        List<SiloReading> readings;
        lock (sampler.Readings)
        {
            readings = [.. sampler.Readings];
        }

        List<(double Seconds, int Backends)> database;
        lock (sampler.Database)
        {
            database = [.. sampler.Database];
        }

        var end = Math.Max(1, readings.Count == 0 ? 1 : readings.Max(r => r.Seconds));
        var silos = readings.Select(r => r.Silo).Distinct().ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{(PanelHeight * 2) + 90}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append("<text x=\"10\" y=\"18\" font-size=\"14\">Soak: memory and connections over time (bench/results/system.md)</text>\n");
        var memory = silos.Select(s => (Label: s + " RSS (MiB)", Points: readings.Where(r => r.Silo == s && r.ResidentBytes > 0).Select(r => (r.Seconds, r.ResidentBytes / 1048576.0)).ToList())).ToList();
        Panel(svg, 30, "resident memory, MiB", end, memory);
        var connections = silos.Select(s => (Label: s + " sockets", Points: readings.Where(r => r.Silo == s && r.ResidentBytes > 0).Select(r => (r.Seconds, (double)r.Sockets)).ToList()))
            .Append(("PostgreSQL server processes", database.Select(d => (d.Seconds, (double)d.Backends)).ToList())).ToList();
        Panel(svg, 60 + PanelHeight, "connections (open sockets per silo; PostgreSQL processes)", end, connections);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int top, string title, double end, List<(string Label, List<(double X, double Y)> Points)> series)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(1).Max() * 1.1);
        var (plotTop, plotBottom) = (top + 20, top + PanelHeight - 30);
        double X(double seconds) => Left + (seconds / end * (Width - Left - Right));
        double Y(double value) => plotBottom - (value / max * (plotBottom - plotTop));
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{top + 12}\">{title}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{plotBottom}\" x2=\"{Width - Right}\" y2=\"{plotBottom}\" stroke=\"black\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{plotTop}\" x2=\"{Left}\" y2=\"{plotBottom}\" stroke=\"black\"/>\n");
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(value) + 4:F1}\" text-anchor=\"end\">{value:N0}</text>\n");
            var seconds = end * i / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(seconds):F1}\" y=\"{plotBottom + 15}\" text-anchor=\"middle\">{seconds / 60:N1} min</text>\n");
        }

        for (var s = 0; s < series.Count; s++)
        {
            var colour = Colours[s % Colours.Length];
            var points = string.Join(' ', series[s].Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):F1},{Y(p.Y):F1}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{points}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right - 250}\" y=\"{plotTop + 4 + (s * 14)}\" fill=\"{colour}\">{series[s].Label}</text>\n");
        }
    }
}
