using System.Globalization;

namespace Maimai.Scraping.Tests.Pages;

/// <summary>
/// Hand-made playlogDetail pages. No real one was saved, so these follow SOURCES.md: the record entry's top
/// block, then a .gray_block with the judgement table, fast/late, max combo / max sync and the venue.
/// </summary>
internal static class PlaylogDetailPages
{
    public const string Footer = """
        <footer class="f_0"><div class="footer w_480">
        <a href="https://sega.jp"><img src="https://maimaidx-eng.com/maimai-mobile/img/logo_sega.png" /></a>
        <div class="f_15 p_5">© SEGA</div></div></footer>
        """;

    /// <summary>A tiny page with its own top block (shaped like record.html's), for tests that run without ../shared.</summary>
    public static string Tiny(string grayBlock = DefaultGrayBlock) => $$"""
        <!DOCTYPE html><html lang="ja"><head><title>maimai DX NET－Game Record－</title></head><body>
        <div class="wrapper main_wrapper t_c">
        <img src="https://maimaidx-eng.com/maimai-mobile/img/title_playlog.png" class="title m_10"/>
        <div class="p_10 t_l f_0 v_b">
          <div class="playlog_top_container p_r">
            <img src="https://maimaidx-eng.com/maimai-mobile/img/diff_expert.png" class="playlog_diff v_b"/>
            <div class="sub_title t_c f_r f_11"><span class="red f_b v_b">TRACK 02</span>　<span class="v_b">2026/01/22 23:29</span></div>
            <div class="clearfix"></div>
          </div>
          <div class="playlog_expert_container">
            <div class="basic_block m_5 m_t_17 m_r_60 p_5 p_l_10 f_13 break">
              <div class="w_80 f_r"><div class="music_lv_back m_3 m_b_0 f_r t_c f_14 p_a playlog_level_icon">10</div></div>
              サイエンス
            </div>
            <div class="p_r f_0">
              <img src="https://maimaidx-eng.com/maimai-mobile/img/Music/abc.png" class="music_img m_5 m_b_17 m_r_0 f_l"/>
              <img src="https://maimaidx-eng.com/maimai-mobile/img/music_dx.png" class="playlog_music_kind_icon"/>
              <div class="playlog_result_block m_t_5 f_l">
                <img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/newrecord.png" class="playlog_achievement_newrecord"/>
                <div class="playlog_achievement_txt t_r">100<span class="f_20">.9583%</span></div>
                <img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/sssplus.png?ver=1.60" class="playlog_scorerank"/>
                <div class="playlog_result_innerblock basic_block p_5 f_13">
                  <div class="playlog_score_block playlog_score_block_star f_0">
                    <img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/deluxscore.png" class="w_80"/>
                    <div class="white p_r_5 f_15 f_r">1,485 / 1,596</div>
                    <img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/dxstar_3.png" class="playlog_deluxscore_star"/>
                  </div>
                  <img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/ap.png?ver=1.60" class="h_35 m_5 f_l"/>
                  <img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/sync_dummy.png?ver=1.60" class="h_35 m_5 f_l"/>
                  <div class="clearfix"></div>
                </div>
              </div>
            </div>
          </div>
        </div>
        {{grayBlock}}
        {{Footer}}
        </div></body></html>
        """;

    public const string DefaultGrayBlock = """
        <div class="gray_block m_10 m_t_0 p_b_5 f_0">
          <table class="playlog_notes_detail t_r f_l f_11 f_b">
            <tr><th></th><th>CRITICAL PERFECT</th><th>PERFECT</th><th>GREAT</th><th>GOOD</th><th>MISS</th></tr>
            <tr><th><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/tap.png"/></th><td>512</td><td>30</td><td>2</td><td>0</td><td>1</td></tr>
            <tr><th><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/hold.png"/></th><td>40</td><td>3</td><td>0</td><td>0</td><td>0</td></tr>
            <tr><th><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/slide.png"/></th><td>1,024</td><td></td><td>0</td><td></td><td>0</td></tr>
            <tr><th><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/touch.png"/></th><td></td><td></td><td></td><td></td><td></td></tr>
            <tr><th><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/break.png"/></th><td>20</td><td>4</td><td>1</td><td>0</td><td>0</td></tr>
          </table>
          <div class="playlog_fl_block m_5 f_r f_12">
            <div class="w_96 f_l t_r"><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/fast.png"/><div class="p_t_5 p_b_5">12</div></div>
            <div class="w_96 f_l t_r"><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/late.png"/><div class="p_t_5 p_b_5">34</div></div>
          </div>
          <div class="playlog_score_block p_5"><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/maxcombo.png"/><div class="f_r">612/620</div></div>
          <div class="playlog_score_block p_5"><img src="https://maimaidx-eng.com/maimai-mobile/img/playlog/maxsync.png"/><div class="f_r">―</div></div>
          <div class="p_r"><div class="p_r p_3"><img src="https://maimaidx-eng.com/maimai-mobile/img/rating_base_silver.png" class="h_30 f_r"/><div class="rating_block">13400</div></div><span class="f_11">(+6)</span></div>
          <div id="placeName"><span>Round1 Test Arcade</span></div>
        </div>
        """;

    /// <summary>
    /// A page generated from the real record.html at test time: its markup up to and including the first play's
    /// top block, then <paramref name="grayBlock"/>, then the real footer. Nothing of ../shared is committed.
    /// </summary>
    public static string FromRecordPage(string recordHtml, string grayBlock = DefaultGrayBlock)
    {
        const string entryStart = "<div class=\"p_10 t_l f_0 v_b\">";
        var first = recordHtml.IndexOf(entryStart, StringComparison.Ordinal);
        var second = recordHtml.IndexOf(entryStart, first + entryStart.Length, StringComparison.Ordinal);
        var footer = recordHtml.IndexOf("<footer", StringComparison.Ordinal);
        if (first < 0 || second < 0 || footer < 0)
        {
            throw new InvalidOperationException("record.html no longer has the expected shape.");
        }

        return string.Concat(recordHtml.AsSpan(0, second), grayBlock, "\n", recordHtml.AsSpan(footer));
    }

    public static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
