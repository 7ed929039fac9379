using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Services.V1;

namespace Maimai.Grpc.Tests.Services;

public sealed class PageTokensTests
{
    [Fact]
    public void A_token_round_trips_and_ignores_the_page_size()
    {
        var request = new ListScoresRequest { SnapshotId = "7", ChartType = ChartType.Dx, PageSize = 10 };
        var token = PageTokens.Encode(request, "137", "Title with ユニコード", "2");
        Assert.DoesNotContain('=', token);

        var next = request.Clone();
        next.PageToken = token;
        next.PageSize = 99;
        var check = new RequestCheck();
        Assert.Equal(["137", "Title with ユニコード", "2"], PageTokens.Decode(token, next, 3, check) ?? []);
        Assert.True(check.IsValid);
    }

    [Theory]
    [InlineData("chart_type")]
    [InlineData("snapshot_id")]
    [InlineData("difficulties")]
    public void A_token_for_other_arguments_is_refused(string changed)
    {
        var request = new ListScoresRequest { SnapshotId = "7", ChartType = ChartType.Dx };
        var token = PageTokens.Encode(request, "1");
        var other = request.Clone();
        switch (changed)
        {
            case "chart_type":
                other.ChartType = ChartType.Std;
                break;
            case "snapshot_id":
                other.SnapshotId = "8";
                break;
            default:
                other.Difficulties.Add(Difficulty.Master);
                break;
        }

        var check = new RequestCheck();
        Assert.Null(PageTokens.Decode(token, other, 1, check));
        Assert.False(check.IsValid);
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("AAAA")]
    [InlineData("AQ")]
    public void Malformed_tokens_are_violations_not_crashes(string token)
    {
        var check = new RequestCheck();
        Assert.Null(PageTokens.Decode(token, new ListSongsRequest(), 2, check));
        var error = Assert.Throws<global::Grpc.Core.RpcException>(check.ThrowIfInvalid);
        Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public void A_token_from_another_call_is_refused()
    {
        var token = PageTokens.Encode(new ListSongsRequest(), "a", "1");
        var check = new RequestCheck();
        Assert.Null(PageTokens.Decode(token, new ListFetchesRequest(), 2, check));
        Assert.False(check.IsValid);
    }

    [Theory]
    [InlineData(0, 50)]
    [InlineData(1, 1)]
    [InlineData(500, 500)]
    [InlineData(100_000, 500)]
    public void Page_sizes_default_and_cap(int requested, int expected)
    {
        var check = new RequestCheck();
        Assert.Equal(expected, check.PageSize(requested));
        Assert.True(check.IsValid);
        check.PageSize(-1);
        Assert.False(check.IsValid);
    }
}
