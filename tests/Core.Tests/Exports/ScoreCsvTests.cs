using System.Text;
using Maimai.Core.Exports;
using Maimai.Core.Game;
using Maimai.Core.Snapshots;

namespace Maimai.Core.Tests.Exports;

public sealed class ScoreCsvTests
{
    private static ListedScore Score(string title, string artist) => new(
        7, 3, title, artist, "maimai", ChartType.Dx, Difficulty.ReMaster, new Level(137), null, new Achievement(1_004_999),
        2400, 2700, ComboLamp.FullComboPlus, SyncLamp.FullSyncDx, null, new DateTimeOffset(2026, 1, 23, 0, 42, 0, TimeSpan.Zero));

    [Fact]
    public void Fields_with_commas_quotes_or_line_breaks_are_quoted_and_numbers_are_exact()
    {
        var csv = Encoding.UTF8.GetString(ScoreCsv.Write([Score("Hello, \"World\"", "two\nlines"), Score("　", "plain")]));

        var lines = csv.Split("\r\n");
        Assert.Equal(string.Join(',', ScoreCsv.Columns), lines[0]);
        Assert.Equal("7,3,\"Hello, \"\"World\"\"\",\"two\nlines\",maimai,DX,ReMaster,13+,,100.4999,SSS,2400,2700,FullComboPlus,FullSyncDx,,2026-01-23T00:42:00+00:00", lines[1]);
        Assert.Equal("7,3,　,plain,maimai,DX,ReMaster,13+,,100.4999,SSS,2400,2700,FullComboPlus,FullSyncDx,,2026-01-23T00:42:00+00:00", lines[2]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.False(ScoreCsv.Write([]).AsSpan().StartsWith(Encoding.UTF8.Preamble), "no byte order mark");
    }

    [Fact]
    public void An_empty_snapshot_is_the_header_alone() =>
        Assert.Equal(string.Join(',', ScoreCsv.Columns) + "\r\n", Encoding.UTF8.GetString(ScoreCsv.Write([])));
}
