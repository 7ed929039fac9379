using System.Globalization;
using Grpc.Core;
using Maimai.Core.Songs;
using Maimai.Grpc.Authentication;
using Maimai.Grpc.Contracts.V1;
using Maimai.Grpc.Errors;

namespace Maimai.Grpc.Services.V1;

/// <summary>maimai.v1.SongService over the in-memory songs library (<see cref="ISongQueries"/>).</summary>
public sealed class SongService(ISongQueries songs) : Contracts.V1.SongService.SongServiceBase
{
    /// <summary>Longest search text accepted.</summary>
    public const int MaxQueryLength = 200;

    public override async Task<ListSongsResponse> ListSongs(ListSongsRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        if (request.Query.Length > MaxQueryLength)
        {
            check.Add("query", $"must be at most {MaxQueryLength} characters");
        }

        var (min, max) = check.Levels(request.Level);
        var search = new SongSearch(
            request.Query,
            string.IsNullOrEmpty(request.Genre) ? null : request.Genre,
            string.IsNullOrEmpty(request.Version) ? null : request.Version,
            check.Optional(EnumMaps.ChartType, request.ChartType, "chart_type"),
            check.Optional(EnumMaps.Difficulty, request.Difficulty, "difficulty"),
            min,
            max,
            check.Optional(EnumMaps.Region, request.Region, "region"));
        var size = check.PageSize(request.PageSize);
        var cursor = PageTokens.Decode(request.PageToken, request, 2, check);
        var after = cursor is null ? null : new SongCursor(cursor[0], (int)Ids.CursorNumber(cursor[1], check));
        check.ThrowIfInvalid();

        var library = await songs.GetLibraryAsync(context.CancellationToken);
        var found = library.Search(search, after, size + 1);
        var response = new ListSongsResponse();
        response.Songs.AddRange(found.Take(size).Select(SongMapping.ToProto));
        if (found.Count > size)
        {
            var last = found[size - 1];
            response.NextPageToken = PageTokens.Encode(request, last.Title, last.Id.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    public override async Task<GetSongResponse> GetSong(GetSongRequest request, ServerCallContext context)
    {
        var check = new RequestCheck();
        var id = check.Required(request.SongId, "song_id");
        check.ThrowIfInvalid();
        var library = await songs.GetLibraryAsync(context.CancellationToken);
        if (!Ids.TryParseInt(id, out var songId) || !library.TryGetSong(songId, out var song))
        {
            throw ApiErrors.NotFound("song", id);
        }

        return new GetSongResponse { Song = SongMapping.ToProto(song) };
    }
}
