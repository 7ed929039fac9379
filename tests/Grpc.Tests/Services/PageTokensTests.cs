using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Services.V1;
using Microsoft.AspNetCore.DataProtection;

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

    private static readonly IDataProtector Sealer = new EphemeralDataProtectionProvider().CreateProtector("tests");

    [Fact]
    public void A_sealed_token_round_trips_and_still_binds_the_filters()
    {
        var request = new ListScoresRequest { SnapshotId = "7", ChartType = ChartType.Dx, PageSize = 10 };
        var token = PageTokens.EncodeSealed(request, Sealer, "137", "Title with ユニコード", "2", "3", "41");
        var check = new RequestCheck();
        Assert.Equal(["137", "Title with ユニコード", "2", "3", "41"], PageTokens.DecodeSealed(token, request, 5, check, Sealer) ?? []);
        Assert.True(check.IsValid);

        var other = request.Clone();
        other.ChartType = ChartType.Std;
        Assert.Null(PageTokens.DecodeSealed(token, other, 5, check, Sealer));
        Assert.False(check.IsValid);
    }

    [Fact]
    public void A_sealed_token_changed_anywhere_is_refused()
    {
        var request = new ListScoresRequest { SnapshotId = "7" };
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(PageTokens.EncodeSealed(request, Sealer, "137", "A", "1", "3", "41"));
        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[i] ^= 0x01;
            var check = new RequestCheck();
            Assert.Null(PageTokens.DecodeSealed(System.Buffers.Text.Base64Url.EncodeToString(tampered), request, 5, check, Sealer));
            var error = Assert.Throws<global::Grpc.Core.RpcException>(check.ThrowIfInvalid);
            Assert.Equal(global::Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        }
    }

    [Fact]
    public void Sealed_and_plain_tokens_and_other_key_rings_do_not_mix()
    {
        var request = new ListScoresRequest { SnapshotId = "7" };
        var check = new RequestCheck();

        // An unsealed (version 1) token with a well-formed cursor is not accepted where a sealed one is required.
        Assert.Null(PageTokens.DecodeSealed(PageTokens.Encode(request, "137", "A", "1", "3", "41"), request, 5, check, Sealer));
        Assert.False(check.IsValid);

        check = new RequestCheck();
        Assert.Null(PageTokens.Decode(PageTokens.EncodeSealed(request, Sealer, "1"), request, 1, check));
        Assert.False(check.IsValid);

        // Sealed by another deployment's keys (or another purpose).
        check = new RequestCheck();
        var foreign = new EphemeralDataProtectionProvider().CreateProtector("tests");
        Assert.Null(PageTokens.DecodeSealed(PageTokens.EncodeSealed(request, foreign, "1"), request, 1, check, Sealer));
        Assert.False(check.IsValid);
    }
}
