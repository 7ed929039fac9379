namespace Maimai.Scraping.Tests.Pages;

/// <summary>Hand-made failure pages shaped as SOURCES.md describes them.</summary>
internal static class FailurePages
{
    public static string Error(string title, string codeText, string description) => $$"""
        <!DOCTYPE html><html lang="ja"><head><title>{{title}}</title></head><body>
        <div class="wrapper main_wrapper t_c">
          <img src="https://maimaidx-eng.com/maimai-mobile/img/title_error.png" class="title m_10"/>
          <div class="container_red m_10 p_10">
            <div class="p_5 f_14">{{codeText}}</div>
            <div class="p_5 f_12">{{description}}</div>
          </div>
          {{PlaylogDetailPages.Footer}}
        </div></body></html>
        """;

    public static readonly string IntlLoginAgain = Error("maimai DX NET－Error－", "ERROR CODE：100001", "An error occured. <br>Please login again.");

    public static readonly string IntlConnectionExpired = Error("maimai DX NET－Error－", "ERROR CODE：200002", "The connection time has been expired. Please try again later.");

    public static readonly string JpLoginAgain = Error("maimai DX NET－エラー－", "エラーコード：100001", "エラーが発生しました。<br>再度ログインしてください。");

    public const string IntlMaintenance = """
        <!DOCTYPE html><html><head><title>maimai DX NET</title></head><body>
        <div class="t_c"><p>Sorry, servers are under maintenance.</p><p>Please wait until the maintenance is over.</p></div>
        </body></html>
        """;

    public const string JpMaintenance = """
        <!DOCTYPE html><html><head><title>maimai DX NET</title></head><body>
        <div class="t_c"><p>ただいま定期メンテナンス中です。</p></div></body></html>
        """;

    public const string AimeLogin = """
        <!DOCTYPE html><html><head><title>Aime</title></head><body>
        <form action="https://lng-tgk-aime-gw.am-all.net/common_auth/login/sid/" method="post">
          <input type="text" name="sid"/><input type="password" name="password"/><button type="submit">Login</button>
        </form></body></html>
        """;
}
